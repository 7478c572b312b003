"""`drafter bench --only imports`: a million orders and 50,000 FAQ entries through the import commands,
each in its own process (`drafter orders import`, `drafter knowledge import`), timed, with that
process's peak RSS. The files are generated (fixed seed) by the functions below, which
scripts/make_import_files.py also calls."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from drafter.config import Settings
from drafter.models import SUPPORTED_LANGUAGES

ORDERS = 1_000_000
FAQ_ENTRIES = 50_000
_STATUSES = ("processing", "shipped", "in_transit", "in_customs", "delivered", "returned")
_CARRIERS = ("DHL", "UPS", "Cainiao", "YunExpress", "Royal Mail", "USPS")
_TOPICS = ("shipping", "returns", "sizes", "warranty", "payment", "customs", "care", "gifts")
_WORDS = (
    "cotton",
    "linen",
    "charger",
    "cable",
    "lamp",
    "jacket",
    "dress",
    "sneakers",
    "watch",
    "backpack",
    "wireless",
    "waterproof",
    "summer",
    "winter",
    "black",
    "blue",
    "large",
    "small",
    "USB-C",
    "LED",
)


def write_orders(path: Path, n: int = ORDERS, *, seed: int = 7) -> Path:
    """n orders as JSON Lines, shaped like an ERP export: items, tracking, events with time zones."""
    rng = random.Random(seed)
    platforms = ("aliexpress", "amazon", "ebay", "shopify")
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            day = 1 + i % 28
            items: list[dict[str, Any]] = [
                {
                    "sku": f"SKU-{rng.randrange(10_000):04d}",
                    "title": " ".join(rng.sample(_WORDS, 3)),
                    "quantity": rng.randint(1, 3),
                    "price": round(rng.uniform(3, 120), 2),
                }
                for _ in range(rng.randint(1, 3))
            ]
            fh.write(
                json.dumps(
                    {
                        "order_id": f"BX-{i:09d}",
                        "store_id": f"store-{i % 50}",
                        "platform": platforms[i % 4],
                        "status": _STATUSES[i % len(_STATUSES)],
                        "items": items,
                        "currency": "USD",
                        "total": round(sum(it["price"] * it["quantity"] for it in items), 2),
                        "carrier": _CARRIERS[i % len(_CARRIERS)],
                        "tracking_number": f"TRK{i:012d}",
                        "ordered_at": f"2026-10-{day:02d}",
                        "destination_country": ("DE", "US", "ES", "FR", "BR")[i % 5],
                        "tracking_events": [
                            {
                                "at": f"2026-10-{day:02d}T09:00:00+08:00",
                                "location": "Shenzhen, CN",
                                "description": "Shipment picked up",
                            }
                        ],
                    }
                )
                + "\n"
            )
    return path


def write_faq(path: Path, n: int = FAQ_ENTRIES, *, seed: int = 11) -> Path:
    """n FAQ entries across the 14 languages, as a product catalogue's questions and answers would be."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            product = " ".join(rng.sample(_WORDS, 3))
            topic = _TOPICS[i % len(_TOPICS)]
            fh.write(
                json.dumps(
                    {
                        "id": f"bench-{i // len(SUPPORTED_LANGUAGES)}-{topic}",
                        "platform": "*",
                        "language": SUPPORTED_LANGUAGES[i % len(SUPPORTED_LANGUAGES)],
                        "topic": topic,
                        "question": f"What about {topic} for the {product} (model {i})?",
                        "answer": f"The {product} (model {i}) ships within {rng.randint(1, 5)} business days; "
                        f"{topic} questions are answered by our team within 24 hours.",
                        "store_id": f"store-{i % 50}",
                        "facts": {},
                    }
                )
                + "\n"
            )
    return path


def _run(args: list[str], env: dict[str, str], log: Path) -> dict[str, Any]:
    """Wall time and peak RSS of one `drafter` command in a process of its own."""
    start = time.perf_counter()
    with log.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "drafter", *args], env=env, stdout=subprocess.DEVNULL, stderr=err
        )
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    tail = log.read_text(errors="replace").strip().splitlines()[-1:]
    # CPU seconds beside the wall clock: on a shared machine the wall clock also measures the neighbours
    return {
        "seconds": round(seconds, 1),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "exit_code": os.waitstatus_to_exitcode(status),
        "load_avg": round(os.getloadavg()[0], 1),
        "summary": tail[0] if tail else "",
    }


def bench_imports(settings: Settings, orders: int | None = None, faq: int | None = None) -> dict[str, Any]:
    orders = orders or int(os.environ.get("DRAFTER_BENCH_IMPORT_ORDERS", ORDERS))
    faq = faq or int(os.environ.get("DRAFTER_BENCH_IMPORT_FAQ", FAQ_ENTRIES))
    work = settings.data_dir.parent / "imports"
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DRAFTER_DATA_DIR": str(settings.data_dir)}
    # local: start-up time
    from drafter.persistence.init import ensure_initialized

    ensure_initialized(settings)  # the first start (schema, demo data) is not part of the import
    figures: dict[str, Any] = {}
    orders_file = write_orders(work / "orders.jsonl", orders)
    figures[f"orders import ({orders:,} rows, {orders_file.stat().st_size / 2**20:.0f} MiB JSONL)"] = _run(
        ["orders", "import", str(orders_file), "--no-progress"], env, work / "orders.log"
    )
    faq_file = write_faq(work / "faq.jsonl", faq)
    figures[f"knowledge import ({faq:,} FAQ entries)"] = _run(
        ["knowledge", "import", str(faq_file), "--no-progress"], env, work / "faq.log"
    )
    figures["targets"] = "1M orders: < 180 s and < 1 GB peak RSS; 50k FAQ entries: < 90 s"
    return figures
