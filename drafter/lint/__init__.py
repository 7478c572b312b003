"""Stage: lint a reply against the platform's messaging rules. Nothing reaches a buyer unlinted."""

from __future__ import annotations

from drafter.lint.engine import LintContext, lint_draft, lint_text

__all__ = ["LintContext", "lint_draft", "lint_text"]
