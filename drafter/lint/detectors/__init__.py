"""Detectors: the code half of a rule (the pack's YAML is the data half).

A detector factory takes a RuleSpec, compiles what it needs from `spec.params` once, and returns a
callable Doc -> iterable of hits. A hit is (start, end, suggestion) in the normalised text;
suggestion is a safe replacement for the span, or None when no automatic fix is safe. A detector may
add a fourth element, a note appended to the rule's message (e.g. which part of the reply is missing).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from drafter.lint.document import Doc
    from drafter.lint.packs import RuleSpec

Hit = tuple  # (start, end, suggestion) or (start, end, suggestion, note)
Detector = Callable[["Doc"], Iterable[Hit]]
Factory = Callable[["RuleSpec"], Detector]

_FACTORIES: dict[str, Factory] = {}
_MODULES = (
    "drafter.lint.detectors.patterns",
    "drafter.lint.detectors.contact",
    "drafter.lint.detectors.phones",
    "drafter.lint.detectors.checks",
    "drafter.lint.detectors.evasions",
    "drafter.lint.detectors.claims",
    "drafter.lint.detectors.reply_language",
    "drafter.lint.detectors.voice",  # llmlive: whose voice the restatement is in
)


def detector(name: str) -> Callable[[Factory], Factory]:
    def register(factory: Factory) -> Factory:
        _FACTORIES[name] = factory
        return factory

    return register


def detector_names() -> list[str]:
    for module in _MODULES:
        importlib.import_module(module)
    return sorted(_FACTORIES)


def build_detector(spec: RuleSpec) -> Detector:
    if spec.detector not in detector_names():
        raise ValueError(f"rule {spec.id}: unknown detector {spec.detector!r}; known: {detector_names()}")
    return _FACTORIES[spec.detector](spec)
