"""Rows from JSON Lines and CSV files, one at a time, each with its line number or the reason it is bad.

A bad row (invalid UTF-8, broken JSON, a field over the csv module's limit, a line too long) is
yielded as a problem and reading goes on with the next row: one bad line never loses a file.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

MAX_LINE_BYTES = 4 * 1024 * 1024  # a JSON line longer than this is refused instead of read into memory


BLANK = "blank"  # the code of a row with nothing in it: counted as skipped, not as failed


@dataclass
class Row:
    line: int
    data: dict[str, Any] | None = None
    problem: str | None = None
    code: str = "invalid_row"
    warnings: list[str] = field(default_factory=list)


def _bounded_lines(fh: IO[bytes]) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) per line; None for a line over MAX_LINE_BYTES (skipped without keeping it)."""
    number = 0
    while True:
        line = fh.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # drain the rest of the line in bounded pieces
                line = fh.readline(MAX_LINE_BYTES)
            yield number, None
            continue
        yield number, line


def jsonl_rows(fh: IO[bytes]) -> Iterator[Row]:
    """Objects from a JSON Lines byte stream."""
    for number, raw in _bounded_lines(fh):
        if raw is None:
            yield Row(
                number, problem=f"the line is longer than {MAX_LINE_BYTES:,} bytes", code="line_too_long"
            )
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Row(
                number, problem=f"not valid UTF-8 (byte {exc.start + 1} of the line)", code="invalid_utf8"
            )
            continue
        if not text.strip():
            yield Row(number, code=BLANK)
            continue
        try:
            obj = json.loads(text)
        except (ValueError, RecursionError) as exc:
            yield Row(number, problem=f"not valid JSON: {getattr(exc, 'msg', exc)}", code="invalid_json")
            continue
        if isinstance(obj, dict):
            yield Row(number, obj)
        else:
            yield Row(number, problem="not a JSON object", code="invalid_json")


def normalize_header(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip().lower().replace(" ", "_").replace("-", "_").replace(".", "_")


def csv_rows(
    fh: IO[str], *, columns: Callable[[list[str]], tuple[list[str | None], list[str]]]
) -> Iterator[Row]:
    """Dicts from a CSV text stream opened with errors="surrogateescape" (so invalid UTF-8 is a bad row,
    not an exception). `columns` maps the header to field names (None: a column to ignore) and returns
    the unknown column names too, reported once on the first row."""
    reader = csv.reader(fh)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        yield Row(1, problem=f"the header cannot be read: {exc}", code="invalid_header")
        return
    names, unknown = columns(header)
    warnings = [f"unknown columns ignored: {', '.join(unknown)}"] if unknown else []
    end = reader.line_num
    while True:
        start = end + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            end = reader.line_num
            yield Row(start, problem=str(exc), code="csv_error")
            continue
        end = reader.line_num
        if not any(v.strip() for v in values):
            yield Row(start, code=BLANK)
            continue
        if any("\udc80" <= ch <= "\udcff" for v in values for ch in v):
            yield Row(start, problem="not valid UTF-8", code="invalid_utf8")
            continue
        if len(values) > len(names):
            yield Row(
                start, problem=f"the row has {len(values)} fields, the header {len(names)}", code="csv_error"
            )
            continue
        data = {name: value for name, value in zip(names, values) if name and value.strip() != ""}
        yield Row(start, data, warnings=warnings)
        warnings = []
