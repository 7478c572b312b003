"""Buyers in Portugal get European Portuguese; buyers in Brazil keep the Brazilian wording."""

from __future__ import annotations

from drafter.devtools.situation_samples import SAMPLES, situation_request


def _reply(composer, knowledge_dir, situation: str, country: str) -> str:
    sample = next(s for s in SAMPLES if s.situation == situation)
    request = situation_request(knowledge_dir, sample, "pt")
    request.retrieval.order = request.retrieval.order.model_copy(update={"destination_country": country})
    return composer.compose(request).text


def test_portugal_reads_european_portuguese(composer, knowledge_dir):
    pt = _reply(composer, knowledge_dir, "refund_overdue", "PT")
    br = _reply(composer, knowledge_dir, "refund_overdue", "BR")
    assert "à espera do reembolso" in pt and "esperando" not in pt
    assert "esperando o reembolso" in br
    assert "equipa" in pt and "equipe" in br
    assert "candeeiro de secretária" in pt and "luminária de mesa" in br
    assert "Com os melhores cumprimentos" in pt and "Atenciosamente" in br
