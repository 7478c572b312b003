"""CSV and JSON Lines rows turned into orders: documented columns, ERP aliases, one order per run of rows.

Column names and their aliases are data (knowledge/imports/order_columns.yaml). Values are checked by
the Order model, plus what an import must refuse that stored orders may still carry (tracking events
without a time zone).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from drafter.imports.rows import Row, normalize_header
from drafter.knowledge import read_yaml
from drafter.models import Order

_JSON_COLUMNS = ("items", "tracking_events")
_ITEM_PREFIX = "item."


@cache
def column_names(knowledge_dir: Path) -> dict[str, str]:
    """Every accepted header (normalized) -> the field it fills; item fields are prefixed 'item.'."""
    spec = read_yaml(knowledge_dir / "imports" / "order_columns.yaml")
    names: dict[str, str] = {}
    for group, prefix in (("order", ""), ("item", _ITEM_PREFIX)):
        for column, aliases in spec[group].items():
            for name in (column, *(aliases or [])):
                names.setdefault(normalize_header(name), prefix + column)
    return names


def header_mapper(knowledge_dir: Path):  # noqa: ANN201 - a closure for rows.csv_rows
    known = column_names(knowledge_dir)

    def columns(header: list[str]) -> tuple[list[str | None], list[str]]:
        fields: list[str | None] = []
        seen: set[str] = set()
        unknown: list[str] = []
        for raw in header:
            target = known.get(normalize_header(raw))
            if target is None:
                unknown.append(raw.strip())
            if target is None or target in seen:  # a second alias of a column already read is ignored too
                fields.append(None)
                continue
            seen.add(target)
            fields.append(target)
        return fields, unknown

    return columns


def _problems(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'row'}: {e['msg']}" for e in exc.errors())


def _from_csv(data: dict[str, Any]) -> dict[str, Any]:
    """A CSV row's strings as the order document: JSON columns parsed, the one-item columns as an item."""
    order = {k: v for k, v in data.items() if not k.startswith(_ITEM_PREFIX)}
    for column in _JSON_COLUMNS:
        if column in order:
            try:
                order[column] = json.loads(order[column])
            except ValueError as exc:
                raise ValueError(f"column {column} is not valid JSON: {getattr(exc, 'msg', exc)}") from None
    item = {k[len(_ITEM_PREFIX) :]: v for k, v in data.items() if k.startswith(_ITEM_PREFIX)}
    if item:
        item.setdefault("title", item.get("sku", ""))
        item.setdefault("sku", "n/a")
        order.setdefault("items", [])
        if isinstance(order["items"], list):
            order["items"].append(item)
    return order


def validate_order(data: dict[str, Any], *, default_store: str | None) -> Order:
    if default_store:
        data.setdefault("store_id", default_store)
    order = Order.model_validate(data)
    naive = [i for i, event in enumerate(order.tracking_events) if event.at.utcoffset() is None]
    if naive:
        raise ValueError(f"tracking_events.{naive[0]}.at: needs a time zone (e.g. 2026-11-08T09:00:00+08:00)")
    return order


def orders_from_rows(
    rows: Iterable[Row], *, csv_input: bool, default_store: str | None
) -> Iterator[Row | Order]:
    """Orders (or the bad rows, as Row with a problem). CSV rows in a row with the same store and order id
    are one order with several items (an export with one row per order line); a JSON line is one order."""
    pending: Order | None = None
    for row in rows:
        if row.data is None:
            yield row
            continue
        try:
            order = validate_order(
                _from_csv(row.data) if csv_input else row.data, default_store=default_store
            )
        except ValidationError as exc:
            yield Row(row.line, problem=_problems(exc), code="invalid_order_row", warnings=row.warnings)
            continue
        except ValueError as exc:
            yield Row(row.line, problem=str(exc), code="invalid_order_row", warnings=row.warnings)
            continue
        if row.warnings:
            yield Row(row.line, warnings=row.warnings)
        same_order = pending is not None and (pending.store_id, pending.order_id) == (
            order.store_id,
            order.order_id,
        )
        if csv_input and same_order:
            pending.items.extend(order.items)  # type: ignore[union-attr]
            continue
        if pending is not None:
            yield pending
        pending = order
    if pending is not None:
        yield pending
