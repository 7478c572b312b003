"""The order store's lookups, on SQLite and PostgreSQL: one order, or many in one go."""

from __future__ import annotations

from drafter.models import Order
from drafter.persistence import migrate
from drafter.persistence.db import session_scope
from drafter.persistence.order_store import get_order, get_orders, upsert_orders


def _order(store_id: str, order_id: str, status: str = "shipped") -> Order:
    return Order(store_id=store_id, order_id=order_id, platform="shopify", status=status)


def test_get_orders_finds_each_key_within_its_own_store(db_url):
    migrate.upgrade(db_url)
    with session_scope(db_url) as session:
        upsert_orders(
            session,
            orders=[
                _order("shop-a", "#1001"),
                _order("shop-a", "#1002", "delivered"),
                _order("shop-b", "#1001", "processing"),
            ],
        )
    keys = [
        ("shop-a", "#1001"),
        ("shop-a", "#1002"),
        ("shop-b", "#1001"),
        ("shop-b", "#1002"),
        ("shop-c", "#1"),
    ]
    with session_scope(db_url) as session:
        found = get_orders(session, keys=keys)
        assert set(found) == {("shop-a", "#1001"), ("shop-a", "#1002"), ("shop-b", "#1001")}
        assert found[("shop-b", "#1001")].status == "processing"  # same order number, other store's order
        for key, order in found.items():
            assert order == get_order(session, store_id=key[0], order_id=key[1])
        assert get_orders(session, keys=[]) == {}


def test_batch_upsert_inserts_and_updates_in_one_statement(db_url):
    from sqlalchemy import func, select

    from drafter.persistence.order_store import upsert_order_batch
    from drafter.persistence.tables import OrderRow

    migrate.upgrade(db_url)
    with session_scope(db_url) as session:
        assert upsert_order_batch(session, [_order("shop-u", f"#{i}") for i in range(500)]) == 500
    with session_scope(db_url) as session:  # half of them again, changed, plus new ones; one key twice
        batch = [_order("shop-u", f"#{i}", "delivered") for i in range(250, 750)] + [
            _order("shop-u", "#0", "returned")
        ]
        assert upsert_order_batch(session, batch) == 501
    with session_scope(db_url) as session:
        assert (
            session.scalar(select(func.count()).select_from(OrderRow).where(OrderRow.store_id == "shop-u"))
            == 750
        )
        assert get_order(session, store_id="shop-u", order_id="#0").status == "returned"
        assert get_order(session, store_id="shop-u", order_id="#249").status == "shipped"
        assert get_order(session, store_id="shop-u", order_id="#250").status == "delivered"
        assert get_order(session, store_id="shop-u", order_id="#749").status == "delivered"
        assert upsert_order_batch(session, []) == 0
