"""An order imported without items (an ERP export whose item columns were not there) still gets a reply,
in every language and for every intent: the template composer falls back to the general restatement."""

from __future__ import annotations

import pytest

from drafter.devtools.samples import demo_orders, sample_request
from drafter.models import SUPPORTED_LANGUAGES, Intent


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_intent_composes_for_an_order_without_items(composer, knowledge_dir, language):
    orders = [o.model_copy(update={"items": []}) for o in demo_orders(knowledge_dir)[:40]]
    for intent in Intent:
        for order in orders[::5]:
            draft = composer.compose(
                sample_request(knowledge_dir=knowledge_dir, intent=intent, language=language, order=order)
            )
            assert draft.restatement and draft.solution and draft.commitment, (intent, order.order_id)
            assert "{" not in draft.text, draft.text
