"""Domain errors with a machine-readable code. The API maps them to 4xx; the CLI to error lines."""

from __future__ import annotations

from typing import Any


class DrafterError(Exception):
    code = "error"
    status = 400

    def __init__(self, message: str, *, details: Any = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details
        if code:
            self.code = code


class NotFound(DrafterError):
    code = "not_found"
    status = 404


class DraftNotFound(NotFound):
    code = "draft_not_found"


class OrderNotFound(NotFound):
    code = "order_not_found"


class InvalidTransition(DrafterError):
    code = "invalid_status_transition"
    status = 409


class DraftChanged(DrafterError):
    """Another writer changed the draft between our read and our write (compare-and-set lost)."""

    code = "draft_changed"
    status = 409


class LintBlocked(DrafterError):
    code = "lint_blocked"
    status = 422


class InvalidInput(DrafterError):
    code = "invalid_request"
    status = 422
