"""Load knowledge/ (data, not code): store profiles, FAQ entries, demo orders.

Adding a language or platform means adding files under knowledge/, never code.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from drafter.models import FaqEntry, Order, StoreProfile


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def load_faq(knowledge_dir: Path) -> list[FaqEntry]:
    entries: list[FaqEntry] = []
    for path in sorted((knowledge_dir / "faq").glob("**/*.jsonl")):
        entries.extend(FaqEntry.model_validate(row) for row in read_jsonl(path))
    return entries


def load_demo_orders(knowledge_dir: Path) -> list[Order]:
    orders: list[Order] = []
    for path in sorted((knowledge_dir / "orders").glob("*.jsonl")):
        orders.extend(Order.model_validate(row) for row in read_jsonl(path))
    return orders


def _deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


@lru_cache(maxsize=8)
def _store_files(knowledge_dir: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    stores_dir = knowledge_dir / "stores"
    defaults_path = stores_dir / "_defaults.yaml"
    defaults = read_yaml(defaults_path) if defaults_path.exists() else {}
    stores = {}
    for path in sorted(stores_dir.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        data = read_yaml(path) or {}
        stores[data.get("store_id", path.stem)] = data
    return defaults or {}, stores


def store_profile(knowledge_dir: Path, store_id: str) -> StoreProfile:
    """A store's profile: its own file over the defaults; an unknown store gets the defaults."""
    defaults, stores = _store_files(knowledge_dir)
    data = _deep_merge(defaults, stores.get(store_id, {}))
    data["store_id"] = store_id
    return StoreProfile.model_validate(data)


def known_store_ids(knowledge_dir: Path) -> list[str]:
    return sorted(_store_files(knowledge_dir)[1])
