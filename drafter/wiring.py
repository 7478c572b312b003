"""Assembly for the shells: a Pipeline with its ports, built from the settings once.

The pipeline knows no database and reads no settings file; the shells (the API app factory, the CLI,
the workers, the eval runner) call build_pipeline, which opens the data dir (migrations, demo data),
binds the default order lookup to the database URL, opens the FAQ index, picks the composer and loads
the Knowledge every stage is handed.
"""

from __future__ import annotations

from drafter.compose import get_composer
from drafter.config import Settings
from drafter.knowledge import Knowledge
from drafter.persistence.init import ensure_initialized
from drafter.persistence.order_store import ScopedOrders
from drafter.pipeline import Pipeline
from drafter.retrieve.faq import FaqIndex


def build_pipeline(settings: Settings, *, knowledge: Knowledge | None = None) -> Pipeline:
    ensure_initialized(settings)
    return Pipeline(
        settings=settings,
        knowledge=knowledge or Knowledge.from_settings(settings),
        faq_index=FaqIndex(settings),
        composer=get_composer(settings.composer, settings),
        orders=ScopedOrders(settings.resolved_database_url),
    )
