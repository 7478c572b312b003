"""Regenerate knowledge/orders/demo_orders.jsonl (fixed seed, so the file is reproducible).

Orders are consistent with the demo "today" (2026-11-20) and with the stores' transit tables:
every status, late parcels, parcels held in customs, deliveries inside and outside the return
window, returns. Ids and tracking numbers follow each platform's and carrier's real format.
"""

from __future__ import annotations

import json
import random
from datetime import date, datetime, time, timedelta
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "knowledge" / "orders" / "demo_orders.jsonl"
TODAY = date(2026, 11, 20)
STATUSES = [
    "unpaid",
    "processing",
    "processing",
    "shipped",
    "in_transit",
    "in_transit",
    "in_customs",
    "out_for_delivery",
    "delivered",
    "delivered",
    "delivered",
    "returned",
    "cancelled",
]
ITEMS = [
    ("SKU-HD-100", "wireless headphones", 39.9, None),
    ("SKU-CH-65", "65W USB-C charger PD-65W", 24.5, None),
    ("SKU-DR-22", "summer linen dress", 29.0, "M"),
    ("SKU-SN-41", "running sneakers", 49.0, "41"),
    ("SKU-LP-07", "LED desk lamp", 19.9, None),
    ("SKU-JK-02", "rain jacket", 59.0, "L"),
    ("SKU-PC-12", "phone case", 9.9, None),
    ("SKU-WT-30", "smart watch", 89.0, None),
    ("SKU-BP-05", "hiking backpack", 45.0, None),
    ("SKU-DR-22", "summer linen dress", 29.0, "S"),
    ("SKU-SN-41", "running sneakers", 49.0, "43"),
    ("SKU-JK-02", "rain jacket", 59.0, "M"),
]
CARRIERS = {
    "aliexpress": ["Cainiao", "AliExpress Standard Shipping", "YunExpress"],
    "amazon": ["DHL", "UPS", "Amazon Logistics"],
    "ebay": ["DHL", "Royal Mail", "USPS"],
    "shopify": ["DHL", "UPS", "PostNL"],
}
TRANSIT = {
    "Cainiao": (15, 30),
    "AliExpress Standard Shipping": (12, 25),
    "YunExpress": (10, 20),
    "DHL": (4, 9),
    "UPS": (3, 8),
    "Amazon Logistics": (2, 5),
    "Royal Mail": (5, 10),
    "USPS": (6, 14),
    "PostNL": (3, 8),
}
ORIGIN = {
    "aliexpress": "Shenzhen, CN",
    "amazon": "Leipzig, DE",
    "ebay": "Leipzig, DE",
    "shopify": "Leipzig, DE",
}
COUNTRIES = ["DE", "ES", "FR", "IT", "PL", "NL", "PT", "TR", "RU", "US", "GB", "JP", "KR", "BR", "SA", "CN"]
NAMES = [
    "Anna",
    "Carlos",
    "Olga",
    "Marie",
    "João",
    "Lukas",
    "Giulia",
    "Piotr",
    "Sanne",
    "Emre",
    "Yusuf",
    "Yuki",
    "Minji",
    "Wei",
]


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def order_id(platform: str, rng: random.Random) -> str:
    if platform == "aliexpress":
        return "8" + digits(rng, 15)
    if platform == "amazon":
        return f"{rng.choice(['028', '113', '171', '302', '404'])}-{digits(rng, 7)}-{digits(rng, 7)}"
    if platform == "ebay":
        return f"{digits(rng, 2)}-{digits(rng, 5)}-{digits(rng, 5)}"
    return "#" + str(1001 + rng.randrange(8999))


def tracking(carrier: str, rng: random.Random) -> str:
    upper = "ABCDEFGHJKLMNPRSTUVWXYZ"
    if carrier == "UPS":
        return "1Z" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPRSTUVWXY") for _ in range(16))
    if carrier in ("Cainiao", "AliExpress Standard Shipping"):
        return "LP00" + digits(rng, 12)
    if carrier == "YunExpress":
        return "YT" + digits(rng, 16)
    if carrier == "Royal Mail":
        return rng.choice(upper) + rng.choice(upper) + digits(rng, 9) + "GB"
    if carrier == "USPS":
        return "9400" + digits(rng, 18)
    if carrier == "PostNL":
        return "3S" + "".join(rng.choice(upper) for _ in range(4)) + digits(rng, 9)
    if carrier == "Amazon Logistics":
        return "TBA" + digits(rng, 12)
    return "JJD" + digits(rng, 18)


def event(day: date, hour: int, location: str, description: str) -> dict:
    return {
        "at": datetime.combine(day, time(hour, 0)).isoformat(),
        "location": location,
        "description": description,
    }


def shipping(row: dict, status: str, platform: str, index: int, rng: random.Random) -> None:
    carrier = rng.choice(CARRIERS[platform])
    low, high = TRANSIT[carrier]
    country = row["destination_country"]
    late = status in ("shipped", "in_transit") and index % 3 == 0
    if status in ("shipped", "in_transit"):
        shipped = TODAY - timedelta(
            days=(high + rng.randrange(1, 8)) if late else rng.randrange(1, max(2, high - 1))
        )
    elif status in ("in_customs", "out_for_delivery"):
        shipped = TODAY - timedelta(days=rng.randrange(low, high + 1))
    else:  # delivered / returned: some long ago, outside any return window
        delivered = TODAY - timedelta(days=rng.choice([1, 3, 6, 10, 14, 20, 28, 45, 70]))
        shipped = delivered - timedelta(days=rng.randrange(low, high + 1))
    row["ordered_at"] = (shipped - timedelta(days=rng.randrange(1, 4))).isoformat()
    eta = shipped + timedelta(days=high)
    row.update(
        carrier=carrier,
        tracking_number=tracking(carrier, rng),
        shipped_at=shipped.isoformat(),
        estimated_delivery=eta.isoformat(),
    )
    origin = ORIGIN[platform]
    events = [
        event(shipped, 9, origin, "Shipment picked up by carrier"),
        event(shipped + timedelta(days=1), 6, origin, "Departed origin facility"),
    ]
    if status in ("in_transit", "shipped") and late:
        events.append(
            event(shipped + timedelta(days=min(4, high // 2)), 14, country, "Arrived in destination country")
        )
    if status == "in_customs":
        held = min(TODAY - timedelta(days=1), shipped + timedelta(days=max(2, low - 2)))
        events.append(event(held, 11, country, "Held by customs for clearance"))
    if status == "out_for_delivery":
        events.append(event(TODAY, 7, country, "Out for delivery"))
    if status in ("delivered", "returned"):
        row["delivered_at"] = delivered.isoformat()
        events.append(event(delivered, 15, country, "Delivered"))
    if status == "returned":
        back = min(TODAY - timedelta(days=1), delivered + timedelta(days=rng.randrange(4, 12)))
        events.append(event(back, 10, "Leipzig, DE", "Return received by sender"))
    row["tracking_events"] = events


def make_order(i: int, rng: random.Random, seen: set[str]) -> dict:
    platform = ["aliexpress", "amazon", "ebay", "shopify"][i % 4]
    oid = order_id(platform, rng)
    while oid in seen:
        oid = order_id(platform, rng)
    seen.add(oid)
    status = STATUSES[(i // 4 + i) % len(STATUSES)]
    picks = [rng.choice(ITEMS)] + ([rng.choice(ITEMS)] if i % 9 == 0 else [])
    items = [
        {"sku": sku, "title": title, "quantity": rng.choice([1, 1, 1, 2]), "price": price, "size": size}
        for sku, title, price, size in picks
    ]
    ordered = TODAY - timedelta(
        days=rng.randrange(0, 3) if status in ("unpaid", "processing") else rng.randrange(2, 40)
    )
    row = {
        "order_id": oid,
        "store_id": "demo-asia" if platform == "aliexpress" and i % 8 == 0 else "demo-store",
        "platform": platform,
        "status": status,
        "items": items,
        "currency": "USD" if platform in ("aliexpress", "ebay") else "EUR",
        "total": round(sum(it["price"] * it["quantity"] for it in items), 2),
        "ordered_at": ordered.isoformat(),
        "destination_country": rng.choice(COUNTRIES),
        "buyer_name": rng.choice(NAMES),
    }
    if status not in ("unpaid", "processing", "cancelled"):
        shipping(row, status, platform, i, rng)
    return row


def main() -> None:
    rng = random.Random(20261121)
    seen: set[str] = set()
    rows = [make_order(i, rng, seen) for i in range(320)]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {len(rows)} orders to {OUT}")


if __name__ == "__main__":
    main()
