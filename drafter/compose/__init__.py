"""Stage: compose the three-part reply. One typed protocol; composers are registered by name.

The template composer is the embedded default; the LLM composer and test doubles register the same way.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import datetime
from typing import Protocol, runtime_checkable

from pydantic import BaseModel

from drafter.config import Settings
from drafter.details import Details
from drafter.models import BuyerMessage, Classification, Draft, FactSheet, Retrieval, StoreProfile


class FactsRequest(BaseModel):
    """What the facts stage (drafter.facts) reads to build a message's fact sheet."""

    message: BuyerMessage
    retrieval: Retrieval
    store: StoreProfile
    language: str
    received_at: datetime
    details: Details | None = None  # what the buyer stated (drafter.details); read from the text when absent
    product_sku: str | None = None  # the catalogue product the vector store matched (no order at hand)


class ComposeRequest(FactsRequest):
    classification: Classification
    # The facts stage's sheet; a composer called on its own (tests, tools) builds one when absent.
    facts: FactSheet | None = None


@runtime_checkable
class Composer(Protocol):
    name: str

    def compose(self, request: ComposeRequest) -> Draft: ...


ComposerFactory = Callable[[Settings], Composer]
_REGISTRY: dict[str, ComposerFactory] = {}


def register_composer(name: str) -> Callable[[ComposerFactory], ComposerFactory]:
    def decorator(factory: ComposerFactory) -> ComposerFactory:
        _REGISTRY[name] = factory
        return factory

    return decorator


def get_composer(name: str, settings: Settings) -> Composer:
    _load_builtin_composer(name)
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown composer {name!r}; known: {sorted(_REGISTRY)}") from None
    return factory(settings)


# Built-in composers, imported on first use: the LLM one pulls in langchain (seconds of import time),
# which a service running the template composer should never pay for.
_BUILTIN = {"template": "drafter.compose.template", "llm": "drafter.compose.llm"}


def _load_builtin_composer(name: str) -> None:
    if name not in _REGISTRY and name in _BUILTIN:
        importlib.import_module(_BUILTIN[name])


__all__ = ["ComposeRequest", "Composer", "FactsRequest", "get_composer", "register_composer"]
