"""Characters no buyer message, id or reply may carry, checked once at every edge (API, CLI, imports, workers).

PostgreSQL refuses NUL in text and JSON; SQLite stores it, so the same input would fail later and
elsewhere. Other C0 control characters are invisible in the review page and in marketplaces' message
boxes, and lone surrogates cannot be encoded as UTF-8 at all. Tab, newline and carriage return are text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any, TypeVar

from pydantic_core import PydanticCustomError

DateOrTime = TypeVar("DateOrTime", bound=date | None)
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")

# Years a message, an order or an event can sensibly carry; beyond them deadline arithmetic overflows.
EARLIEST_YEAR, LATEST_YEAR = 1970, 2099


def describe(char: str) -> str:
    return f"U+{ord(char):04X}"


def _walk(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        found = _FORBIDDEN.search(value)
        if found:
            yield path, found.group()
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(key, (*path, "<key>"))
            yield from _walk(item, (*path, key if isinstance(key, (str, int)) else str(key)))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _walk(item, (*path, i))


# What json.dumps(ensure_ascii=False) makes of a forbidden control character: \b, \f or \u00XX (an escaped
# backslash before it does not count); lone surrogates stay themselves.
_ESCAPED = re.compile(r"(?<!\\)(?:\\\\)*\\(?:b|f|u00(?:0[0-8bcef]|1[0-9a-f]))")
_SURROGATE = re.compile("[\ud800-\udfff]")


def first_forbidden(value: Any) -> tuple[tuple[str | int, ...], str] | None:
    """(location, character) of the first forbidden character in a string or a JSON-like structure."""
    if not isinstance(value, str):
        try:  # the common case, fast: one dump, two C-level scans; the walk only runs to find where
            text = json.dumps(value, ensure_ascii=False)
            if not (
                ("\\" in text and _ESCAPED.search(text)) or (not text.isascii() and _SURROGATE.search(text))
            ):
                return None
        except (TypeError, ValueError):
            pass
    return next(_walk(value, ()), None)


def reject_forbidden(value: Any) -> Any:
    """A pydantic before-validator: refuses the whole input when any string in it has a forbidden character."""
    found = first_forbidden(value)
    if found:
        where = ".".join(map(str, found[0])) or "value"
        raise PydanticCustomError(
            "control_character",
            "{where} contains the control character {char}",
            {"where": where, "char": describe(found[1])},
        )
    return value


def check_date_range(value: DateOrTime) -> DateOrTime:
    """A pydantic after-validator for dates and datetimes: refuses years outside 1970-2099."""
    if value is not None and not (EARLIEST_YEAR <= value.year <= LATEST_YEAR):
        raise PydanticCustomError("date_out_of_range", "the date must be between 1970 and 2099")
    return value


def scrub(text: str) -> str:
    """text with each forbidden character replaced by U+FFFD, for error messages that quote bad input."""
    return _FORBIDDEN.sub("\ufffd", text)
