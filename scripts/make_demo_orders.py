"""Regenerate knowledge/orders/demo_orders.jsonl (fixed seed, so the file is reproducible)."""

from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "knowledge" / "orders" / "demo_orders.jsonl"
STATUSES = ["unpaid", "processing", "shipped", "in_transit", "in_transit", "in_customs",
            "out_for_delivery", "delivered", "delivered", "returned", "cancelled"]
ITEMS = [
    ("SKU-HD-100", "wireless headphones", 39.9, None), ("SKU-CH-65", "65W USB-C charger PD-65W", 24.5, None),
    ("SKU-DR-22", "summer linen dress", 29.0, "M"), ("SKU-SN-41", "running sneakers", 49.0, "41"),
    ("SKU-LP-07", "LED desk lamp", 19.9, None), ("SKU-JK-02", "rain jacket", 59.0, "L"),
    ("SKU-PC-12", "phone case", 9.9, None), ("SKU-WT-30", "smart watch", 89.0, None),
]
CARRIERS = {
    "aliexpress": ["Cainiao", "AliExpress Standard Shipping", "YunExpress"],
    "amazon": ["DHL", "UPS", "Amazon Logistics"],
    "ebay": ["DHL", "Royal Mail", "USPS"],
    "shopify": ["DHL", "UPS", "PostNL"],
}
COUNTRIES = ["DE", "ES", "FR", "IT", "PL", "NL", "PT", "TR", "RU", "US", "GB", "JP", "KR", "BR", "SA", "CN"]
NAMES = ["Anna", "Carlos", "Olga", "Marie", "João", "Lukas", "Giulia", "Piotr", "Sanne", "Emre", "Yusuf", "Yuki", "Minji", "Wei"]


def order_id(platform: str, rng: random.Random) -> str:
    d = lambda n: "".join(rng.choice("0123456789") for _ in range(n))  # noqa: E731
    if platform == "aliexpress":
        return "8" + d(15)
    if platform == "amazon":
        return f"1{d(2)}-{d(7)}-{d(7)}"
    if platform == "ebay":
        return f"{d(2)}-{d(5)}-{d(5)}"
    return "#" + str(1000 + rng.randrange(9000))


def tracking(carrier: str, rng: random.Random) -> str:
    d = lambda n: "".join(rng.choice("0123456789") for _ in range(n))  # noqa: E731
    if carrier == "UPS":
        return "1Z" + "".join(rng.choice("0123456789ABCDEF") for _ in range(16))
    if carrier in ("Cainiao", "AliExpress Standard Shipping", "YunExpress"):
        return "LP00" + d(12)
    return "JJD" + d(15)


def main() -> None:
    rng = random.Random(20261121)
    today = date(2026, 11, 20)
    rows, seen = [], set()
    for i in range(240):
        platform = ["aliexpress", "amazon", "ebay", "shopify"][i % 4]
        oid = order_id(platform, rng)
        while oid in seen:
            oid = order_id(platform, rng)
        seen.add(oid)
        status = STATUSES[i % len(STATUSES)]
        sku, title, price, size = rng.choice(ITEMS)
        qty = rng.choice([1, 1, 1, 2])
        ordered = today - timedelta(days=rng.randrange(2, 40))
        row = {
            "order_id": oid, "store_id": "demo-store", "platform": platform, "status": status,
            "items": [{"sku": sku, "title": title, "quantity": qty, "price": price, "size": size}],
            "currency": "USD" if platform in ("aliexpress", "ebay") else "EUR",
            "total": round(price * qty, 2), "ordered_at": ordered.isoformat(),
            "destination_country": rng.choice(COUNTRIES), "buyer_name": rng.choice(NAMES),
        }
        if status not in ("unpaid", "processing", "cancelled"):
            carrier = rng.choice(CARRIERS[platform])
            shipped = ordered + timedelta(days=rng.randrange(1, 4))
            transit = 25 if platform == "aliexpress" else 7
            eta = shipped + timedelta(days=transit)
            if i % 7 == 0:  # a late one: promised date already passed
                eta = today - timedelta(days=rng.randrange(1, 6))
            row.update(carrier=carrier, tracking_number=tracking(carrier, rng), shipped_at=shipped.isoformat(),
                       estimated_delivery=eta.isoformat())
            events = [{"at": datetime.combine(shipped, datetime.min.time()).isoformat(), "location": "Shenzhen, CN",
                       "description": "Shipment picked up"}]
            if status in ("in_customs", "out_for_delivery", "delivered", "returned"):
                events.append({"at": datetime.combine(shipped + timedelta(days=5), datetime.min.time()).isoformat(),
                               "location": row["destination_country"], "description": "Arrived at customs"})
            if status in ("delivered", "returned"):
                delivered = min(today, eta)
                row["delivered_at"] = delivered.isoformat()
                events.append({"at": datetime.combine(delivered, datetime.min.time()).isoformat(),
                               "location": row["destination_country"], "description": "Delivered"})
            row["tracking_events"] = events
        rows.append(row)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {len(rows)} orders to {OUT}")


if __name__ == "__main__":
    main()
