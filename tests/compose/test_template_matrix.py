"""Every intent x language x main situation renders a clean, grounded, lint-passing reply."""

from __future__ import annotations

import re

import pytest

from drafter.compose.facts import build_facts
from drafter.compose.situations import MAIN
from drafter.devtools.samples import sample_request
from drafter.language import detect_language
from drafter.lint import lint_draft
from drafter.lint.grounding import check_grounding
from drafter.models import SUPPORTED_LANGUAGES

_PLACEHOLDER = re.compile(r"\{[^}]*\}|\{\{|\}\}|\[[A-Z_ ]+\]|<[a-z_]+>")
_NUMBER = re.compile(r"\d+")
_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")


def test_demo_orders_reach_every_main_situation(situation_orders):
    missing = [(i.value, s) for i, names in MAIN.items() for s in names if (i, s) not in situation_orders]
    assert missing == []


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize("intent", list(MAIN), ids=lambda i: i.value)
def test_every_main_situation_renders_cleanly(language, intent, composer, knowledge_dir, situation_orders):
    for situation in MAIN[intent]:
        order = situation_orders[(intent, situation)]
        request = sample_request(knowledge_dir=knowledge_dir, intent=intent, language=language, order=order)
        draft = composer.compose(request)
        where = f"{language}/{intent.value}/{situation}"
        assert draft.situation == situation, where
        assert draft.language == language, where
        assert all(p.strip() for p in (draft.restatement, draft.solution, draft.commitment)), where
        assert draft.text == type(draft).join(draft.restatement, draft.solution, draft.commitment)
        assert not _PLACEHOLDER.search(draft.text), f"{where}: {draft.text}"
        detected = detect_language(draft.text).language
        assert detected == language, f"{where} detected as {detected}: {draft.text}"
        facts = build_facts(request, knowledge_dir=knowledge_dir)
        allowed = set(_NUMBER.findall(" ".join(facts.values.values())))
        invented = set(_NUMBER.findall(draft.text)) - allowed
        assert not invented, f"{where}: numbers {invented} are not in the facts: {draft.text}"
        assert len(_EMOJI.findall(draft.text)) <= (1 if language == "ru" else 0), where
        lint = lint_draft(
            draft,
            platform=request.message.platform,
            buyer_language=language,
            order=order,
            store=request.store,
        )
        assert lint.ok, f"{where}: {[v.rule_id for v in lint.violations]}: {draft.text}"
        # The pipeline's grounding check: every id, date, carrier and amount comes from the facts.
        ungrounded = check_grounding(
            draft.text,
            order=order,
            faq=[],
            store=request.store,
            message_text=request.message.text,
            allowed=list(facts.values.values()),
        )
        assert not ungrounded, f"{where}: {[v.excerpt for v in ungrounded]}: {draft.text}"
