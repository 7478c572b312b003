"""Stage: check a reply against the platform's messaging rules and the facts it may state
(check_reply, the one entry every caller uses). Nothing reaches a buyer unchecked."""

from __future__ import annotations

from drafter.lint.check import CheckContext, check_reply
from drafter.lint.context import LintContext
from drafter.lint.engine import lint_draft, lint_text

__all__ = ["CheckContext", "LintContext", "check_reply", "lint_draft", "lint_text"]
