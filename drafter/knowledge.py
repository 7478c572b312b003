"""Load knowledge/ (data, not code): store profiles, FAQ entries, demo orders; and `Knowledge`,
the handle on one knowledge dir that the shells build once from the settings and hand to every stage.

Adding a language or platform means adding files under knowledge/, never code.
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from drafter.config import BUNDLED_KNOWLEDGE, BUNDLED_PROMPTS, Settings
from drafter.models import FaqEntry, Order, Platform, StorePolicy, StoreProfile
from drafter.products import Catalogue, load_catalogue

_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        # libyaml's loader when the wheel has it: the pure-Python one costs seconds at start-up.
        return yaml.load(fh, Loader=_YamlLoader)


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
def _store_files(
    knowledge_dir: Path,
) -> tuple[dict[str, Any], dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    stores_dir = knowledge_dir / "stores"
    defaults_path = stores_dir / "_defaults.yaml"
    defaults = read_yaml(defaults_path) if defaults_path.exists() else {}
    stores = {}
    for path in sorted(stores_dir.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        data = read_yaml(path) or {}
        stores[data.get("store_id", path.stem)] = data
    platforms = {}
    for path in sorted((stores_dir / "_platforms").glob("*.yaml")):
        platforms[path.stem] = (read_yaml(path) or {}).get("policy", {})
    return defaults or {}, stores, platforms


def store_profile(knowledge_dir: Path, store_id: str) -> StoreProfile:
    """A store's profile: its own file over the defaults; an unknown store gets the defaults.

    policy["platforms"][p] holds the effective policy on platform p: defaults < platform defaults
    < the store's policy < the store's platform_policy[p]. Keeping it inside the profile means a
    profile stored elsewhere (database, API) still carries everything the composer needs.
    """
    defaults, stores, platform_defaults = _store_files(knowledge_dir)
    own = stores.get(store_id, {})
    data = _deep_merge(defaults, {k: v for k, v in own.items() if k != "platform_policy"})
    data["store_id"] = store_id
    base_policy = defaults.get("policy", {})
    per_platform = {}
    for platform in Platform:
        layered = _deep_merge(base_policy, platform_defaults.get(platform.value, {}))
        layered = _deep_merge(layered, own.get("policy", {}))
        layered = _deep_merge(layered, (own.get("platform_policy") or {}).get(platform.value, {}))
        per_platform[platform.value] = layered
    data["policy"] = {**data.get("policy", {}), "platforms": per_platform}
    return StoreProfile.model_validate(data)


def effective_policy(store: StoreProfile, platform: Platform | str) -> StorePolicy:
    """The typed policy a store applies on one platform (falls back to the flat policy dict)."""
    key = platform.value if isinstance(platform, Platform) else str(platform)
    return _policy_cached(store, key)


_POLICY_CACHE: dict[tuple[str, str], tuple[dict[str, Any], StorePolicy]] = {}


def _policy_cached(store: StoreProfile, platform: str) -> StorePolicy:
    # Validating the policy dict costs ~100 us per draft, and every request brings a fresh profile
    # object; comparing the raw dict with the cached one is a few microseconds.
    raw = (store.policy.get("platforms") or {}).get(platform)
    if raw is None:
        raw = {k: v for k, v in store.policy.items() if k != "platforms"}
    key = (store.store_id, platform)
    hit = _POLICY_CACHE.get(key)
    if hit is not None and hit[0] == raw:
        return hit[1]
    policy = StorePolicy.model_validate(raw)
    if len(_POLICY_CACHE) > 1024:
        _POLICY_CACHE.clear()
    _POLICY_CACHE[key] = (copy.deepcopy(raw), policy)
    return policy


def known_store_ids(knowledge_dir: Path) -> list[str]:
    return sorted(_store_files(knowledge_dir)[1])


class Knowledge:
    """Everything Drafter knows as data, built once from the settings and handed to every stage.

    Stages never look the knowledge dir up themselves: a pipeline built over a copy of knowledge/
    (a rule downgraded, a store added) uses that copy in every stage. Loaded pieces live either here
    (store profiles, per instance) or in loaders cached on their path (rule packs, the classifier
    model, vocabularies, carriers), so two Knowledge objects over two dirs never share an answer.
    """

    def __init__(
        self,
        root: Path = BUNDLED_KNOWLEDGE,
        *,
        prompts_dir: Path = BUNDLED_PROMPTS,
        catalogue_dirs: tuple[Path, ...] | None = None,
    ) -> None:
        self.root = Path(root).resolve()
        self.prompts_dir = Path(prompts_dir).resolve()
        # Bundled catalogues first, then a store's imported one (drafter products import), which wins.
        self.catalogue_dirs = catalogue_dirs or (self.root / "products",)
        self._stores: dict[str, StoreProfile] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> Knowledge:
        return cls(
            settings.knowledge_dir,
            prompts_dir=settings.prompts_dir,
            catalogue_dirs=(settings.knowledge_dir / "products", settings.data_dir.resolve() / "products"),
        )

    def __repr__(self) -> str:
        return f"Knowledge({str(self.root)!r})"

    @property
    def rules_dir(self) -> Path:
        return self.root / "rules"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    def store(self, store_id: str) -> StoreProfile:
        """A store's profile, built once per Knowledge: profiles are read-only data, and stages
        memoise work (policy facts for grounding) per profile object."""
        profile = self._stores.get(store_id)
        if profile is None:
            with self._lock:
                profile = self._stores.get(store_id)
                if profile is None:
                    profile = self._stores[store_id] = store_profile(self.root, store_id)
        return profile

    def store_ids(self) -> list[str]:
        return known_store_ids(self.root)

    def catalogue(self, store_id: str) -> Catalogue:
        return load_catalogue(store_id, *self.catalogue_dirs)
