"""Order import from JSON Lines or CSV. A malformed row is reported and skipped; the rest still land."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from drafter.cli.io import error_object, write_line
from drafter.config import Settings
from drafter.models import Order
from drafter.store.db import session_scope
from drafter.store.init import ensure_initialized
from drafter.store.orders import upsert_orders

# CSV columns holding JSON (lists of items or tracking events).
_JSON_COLUMNS = ("items", "tracking_events")


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        for number, raw in enumerate(reader, start=2):  # line 1 is the header
            if None in raw:
                yield number, None, "the row has more fields than the header"
                continue
            row: dict[str, Any] = {k: v for k, v in raw.items() if v not in (None, "")}
            try:
                for column in _JSON_COLUMNS:
                    if column in row:
                        row[column] = json.loads(row[column])
            except json.JSONDecodeError as exc:
                yield number, None, f"column {column} is not valid JSON: {exc.msg}"
                continue
            if "item_title" in row:  # a simple one-item form for spreadsheets
                row.setdefault("items", []).append({
                    "title": row.pop("item_title"), "sku": row.pop("item_sku", "") or "n/a",
                    "quantity": int(row.pop("quantity", 1) or 1),
                })
            yield number, row, None


def _jsonl_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, None, f"not valid JSON: {exc.msg}"
                continue
            yield (number, obj, None) if isinstance(obj, dict) else (number, None, "not a JSON object")


def import_orders(settings: Settings, path: Path, *, default_store: str | None, out: TextIO) -> tuple[int, int]:
    ensure_initialized(settings)
    rows = _csv_rows(path) if path.suffix.lower() == ".csv" else _jsonl_rows(path)
    good: list[Order] = []
    failed = 0
    for number, row, problem in rows:
        if row is not None:
            if default_store:
                row.setdefault("store_id", default_store)
            try:
                good.append(Order.model_validate(row))
                continue
            except ValidationError as exc:
                problem = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        failed += 1
        write_line(out, {"line": number, "error": error_object("invalid_order_row", f"line {number}: {problem}")})
    with session_scope(settings.resolved_database_url) as session:
        upsert_orders(session, orders=good)
    return len(good), failed
