"""The order store: import (upsert) and look up orders, always within one store."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from drafter.models import Order
from drafter.persistence.db import session_scope
from drafter.persistence.tables import OrderRow


def upsert_orders(session: Session, *, orders: Iterable[Order]) -> int:
    """Insert or replace orders by (store_id, order_id). Returns how many were written."""
    count = 0
    for order in orders:
        data = order.model_dump(mode="json")
        row = session.scalar(
            select(OrderRow).where(OrderRow.store_id == order.store_id, OrderRow.order_id == order.order_id)
        )
        if row is None:
            session.add(
                OrderRow(
                    store_id=order.store_id,
                    order_id=order.order_id,
                    platform=order.platform.value,
                    status=order.status.value,
                    data=data,
                )
            )
        else:
            row.platform, row.status, row.data = order.platform.value, order.status.value, data
        count += 1
    session.flush()
    return count


def upsert_order_batch(session: Session, orders: Sequence[Order]) -> int:
    """Insert or replace orders by (store_id, order_id): one INSERT ... ON CONFLICT DO UPDATE (SQLite and
    PostgreSQL alike) executed for the whole batch, what an import of a million orders needs. When the
    batch names an order twice, the later row wins."""
    latest = {(o.store_id, o.order_id): o for o in orders}
    if not latest:
        return 0
    now = datetime.now(UTC)
    values = [
        {
            "store_id": o.store_id,
            "order_id": o.order_id,
            "platform": o.platform.value,
            "status": o.status.value,
            "data": o.model_dump(mode="json"),
            "updated_at": now,
        }
        for o in latest.values()
    ]
    session.connection().execute(_upsert_statement(session.get_bind().dialect.name), values)
    return len(values)


def _upsert_statement(dialect: str):  # noqa: ANN202 - a dialect-specific Insert
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(OrderRow.__table__)  # type: ignore[arg-type]  # a mapped class's __table__ is a Table
    return stmt.on_conflict_do_update(
        index_elements=["store_id", "order_id"],
        set_={
            "platform": stmt.excluded.platform,
            "status": stmt.excluded.status,
            "data": stmt.excluded.data,
            "updated_at": stmt.excluded.updated_at,
        },
    )


def get_order(session: Session, *, store_id: str, order_id: str) -> Order | None:
    row = session.scalar(select(OrderRow).where(OrderRow.store_id == store_id, OrderRow.order_id == order_id))
    return Order.model_validate(row.data) if row else None


def get_orders(session: Session, *, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Order]:
    """The orders among (store_id, order_id) keys, in one query per store (a batch is mostly one store)."""
    by_store: dict[str, set[str]] = {}
    for store_id, order_id in keys:
        by_store.setdefault(store_id, set()).add(order_id)
    found: dict[tuple[str, str], Order] = {}
    for store_id, order_ids in by_store.items():
        rows = session.scalars(
            select(OrderRow).where(OrderRow.store_id == store_id, OrderRow.order_id.in_(sorted(order_ids)))
        )
        found.update({(store_id, row.order_id): Order.model_validate(row.data) for row in rows})
    return found


def count_orders(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(OrderRow)) or 0


class SessionOrders:
    """The pipeline's order lookup (drafter.retrieve.OrderSource) over a session the caller already holds:
    the API passes the request's session, the workers their task's, so a draft uses one connection."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def __call__(self, store_id: str, order_id: str) -> Order | None:
        return get_order(self.session, store_id=store_id, order_id=order_id)

    def many(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Order]:
        return get_orders(self.session, keys=keys)


class ScopedOrders:
    """The order lookup for callers without a session of their own (CLI, eval, benchmarks): each lookup
    is its own short unit of work on the database URL."""

    def __init__(self, url: str) -> None:
        self.url = url

    def __call__(self, store_id: str, order_id: str) -> Order | None:
        with session_scope(self.url) as session:
            return get_order(session, store_id=store_id, order_id=order_id)

    def many(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Order]:
        with session_scope(self.url) as session:
            return get_orders(session, keys=keys)
