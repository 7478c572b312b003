"""JSON Lines in and out for scriptable commands: one output line per input line, echoing its id.

A bad line becomes an error object on its own output line; it never stops the batch.
"""

from __future__ import annotations

import io
import json
import logging
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from drafter.errors import DrafterError, validation_code

log = logging.getLogger(__name__)
_INVALID_UTF8 = re.compile(
    "[\udc80-\udcff]"
)  # what errors="surrogateescape" makes of bytes that are not UTF-8


def open_input(path: str) -> TextIO:
    """The input as text; invalid UTF-8 is kept as surrogate escapes, so that iter_jsonl reports the line
    that has it instead of the whole run stopping at it."""
    if path == "-":
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="surrogateescape")
    return Path(path).open(encoding="utf-8", errors="surrogateescape")


def error_object(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"code": code, "message": message, "details": details}


def _error_for(exc: Exception) -> dict[str, Any]:
    if isinstance(exc, ValidationError):
        errors: list[dict[str, Any]] = [
            {**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False, include_context=False)
        ]
        code, message = validation_code(errors)
        return error_object(code, message, [{"loc": list(e["loc"][1:]), "msg": e["msg"]} for e in errors])
    if isinstance(exc, DrafterError):
        return error_object(exc.code, exc.message, exc.details)
    raise exc


def iter_jsonl(stream: TextIO) -> Iterator[tuple[int, Any, dict[str, Any] | None, dict[str, Any] | None]]:
    """Yields (line number, id, object, error) for every non-blank line."""
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        if _INVALID_UTF8.search(line):
            yield number, None, None, error_object("invalid_utf8", f"line {number} is not valid UTF-8")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield (
                number,
                None,
                None,
                error_object("invalid_json", f"line {number} is not valid JSON: {exc.msg}"),
            )
            continue
        if not isinstance(obj, dict):
            yield number, None, None, error_object("invalid_request", f"line {number} is not a JSON object")
            continue
        yield number, obj.pop("id", None), obj, None


def write_line(out: TextIO, obj: dict[str, Any]) -> None:
    out.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
    out.flush()


def process_jsonl(
    stream: TextIO, out: TextIO, handle: Callable[[dict[str, Any]], dict[str, Any]]
) -> tuple[int, int]:
    """Run handle on every object; returns (ok lines, error lines)."""
    ok = failed = 0
    for number, ident, obj, error in iter_jsonl(stream):
        if error is None and obj is not None:  # iter_jsonl gives an object exactly when there is no error
            try:
                write_line(out, {"id": ident, **handle(obj)})
                ok += 1
                continue
            except (ValidationError, DrafterError) as exc:
                error = _error_for(exc)
            except Exception as exc:  # one message Drafter cannot handle must not stop the batch
                log.exception("line %s failed", number)
                error = error_object(
                    "internal_error",
                    f"line {number}: Drafter hit an unexpected error ({type(exc).__name__}); it was logged",
                )
        write_line(out, {"id": ident, "error": {**(error or {}), "line": number}})
        failed += 1
    return ok, failed
