"""Stage: the fact sheet, between retrieve and compose (retrieve -> facts -> compose -> check).

One sheet per message: everything the stores hold for it (order, store policy, product, FAQ answer,
what the buyer stated, the team's next check), each value already rendered for the buyer in the
buyer's language and the store's time zone. Both composers write from it, the check grounds the
reply against it, and it is kept in the run record, so preview and approval check an edited reply
against the very sheet the draft was written from, however much later they run.
The renderer is drafter.compose.facts (it shares the composers' vocabulary files).
"""

from __future__ import annotations

from drafter.compose import FactsRequest
from drafter.compose.facts import build_facts
from drafter.knowledge import Knowledge
from drafter.models import FactSheet
from drafter.products import Catalogue

__all__ = ["FactSheet", "FactsRequest", "build_fact_sheet"]


def build_fact_sheet(
    request: FactsRequest, *, knowledge: Knowledge, catalogue: Catalogue | None = None
) -> FactSheet:
    """The facts a reply to this message may state (values) and what the situation choice reads (state)."""
    if catalogue is None:
        catalogue = knowledge.catalogue(request.message.store_id)
    return build_facts(request, knowledge_dir=knowledge.root, catalogue=catalogue)
