"""Domain errors with a machine-readable code, and the code for a failed pydantic validation. The API
maps them to 4xx; the CLI and the workers to error lines and failed items."""

from __future__ import annotations

from typing import Any

from drafter.models import MAX_TEXT_CHARS, Platform


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


# Pydantic error types that have a code of their own (see drafter.textcheck for the first two).
_CODE_BY_TYPE = {
    "control_character": "control_character",
    "date_out_of_range": "date_out_of_range",
    "finite_number": "number_not_finite",
    "timezone_aware": "timezone_required",
}
# The platforms a request may name, in the words of an error message (the enum is the one list).
_PLATFORM_NAMES = ", ".join(p.value for p in Platform)


def validation_code(errors: list[dict[str, Any]]) -> tuple[str, str]:
    """The most specific code for a list of pydantic errors, and a message that says what to fix."""
    for err in errors:
        loc = [str(p) for p in err.get("loc", ())]
        kind = err.get("type", "")
        field = loc[-1] if loc else ""
        if kind == "json_invalid":
            return "invalid_json", "The request body is not valid JSON."
        if field == "platform" and kind == "enum":
            return "unknown_platform", f"platform must be one of: {_PLATFORM_NAMES}."
        if field == "text" and kind == "string_too_long":
            return (
                "text_too_long",
                f"text is longer than {MAX_TEXT_CHARS:,} characters; send the buyer's message only.",
            )
        if field == "text" and kind in ("value_error", "string_too_short"):
            return "text_empty", "text is empty or only whitespace; send the buyer's message."
        if kind in _CODE_BY_TYPE:
            return _CODE_BY_TYPE[kind], f"{'.'.join(loc[1:]) or field}: {err.get('msg', '')}"
        if loc[:1] == ["query"] and kind in (
            "less_than_equal",
            "greater_than_equal",
            "greater_than",
            "less_than",
        ):
            return "out_of_range", f"{field}: {err.get('msg', '')}"
        if kind == "missing":
            return "missing_field", f"{'.'.join(loc[1:]) or field} is required."
        if kind == "extra_forbidden":
            return "unknown_field", f"{'.'.join(loc[1:])} is not a field of this request."
    first = errors[0] if errors else {}
    where = ".".join(str(p) for p in first.get("loc", ())[1:])
    return (
        "invalid_request",
        f"{where}: {first.get('msg', 'invalid request')}" if where else "invalid request",
    )
