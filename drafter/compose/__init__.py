"""Stage: compose the three-part reply. One typed protocol; composers are registered by name.

The template composer is the embedded default; the LLM composer and test doubles register the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol, runtime_checkable

from pydantic import BaseModel

from drafter.config import Settings
from drafter.models import BuyerMessage, Classification, Draft, Retrieval, StoreProfile


class ComposeRequest(BaseModel):
    message: BuyerMessage
    classification: Classification
    retrieval: Retrieval
    store: StoreProfile
    language: str
    received_at: datetime


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
    _load_builtin_composers()
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown composer {name!r}; known: {sorted(_REGISTRY)}") from None
    return factory(settings)


def _load_builtin_composers() -> None:
    # Imported here so registering does not import heavy optional dependencies at package import.
    from drafter.compose import template  # noqa: F401

    try:
        from drafter.compose import llm  # noqa: F401
    except ImportError:  # the LLM composer is optional until it exists
        pass


__all__ = ["ComposeRequest", "Composer", "get_composer", "register_composer"]
