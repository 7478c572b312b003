"""The product catalogue: per-store products as knowledge (titles per language, size charts with how
to choose, waterproofing, compatibility, care, materials).

Bundled catalogues live in knowledge/products/<store_id>.jsonl; `drafter products import` adds a
store's own file (CSV or JSONL, ERP-style column names accepted) under <data_dir>/products/, which
wins over the bundled rows for the same SKU. Replies name items in the buyer's language from here
and answer size and product questions from it, or say the catalogue does not have the answer.
"""

from __future__ import annotations

import csv
import io
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError


class SizeGuide(BaseModel):
    unit: str = "cm"
    how_to_choose: str = Field("chest", description="height_weight | foot_length | chest | bust")
    fit: str | None = Field(None, description="true to size | runs small | runs large")
    sizes: dict[str, dict[str, Any]] = Field(description="size -> measures; height/weight as [min, max]")


class Product(BaseModel):
    sku: str = Field(min_length=1, max_length=100)
    store_id: str | None = None
    titles: dict[str, str] = Field(default_factory=dict, description="language -> title")
    attributes: dict[str, Any] = Field(default_factory=dict)
    material: str | None = None
    waterproof: dict[str, Any] | None = Field(None, description="level: none|splash|rain|swim; rating")
    compatibility: dict[str, list[str]] | None = Field(None, description="works_with, slower_with")
    care: dict[str, Any] | None = Field(None, description="wash_c, hand_wash, tumble_dry")
    size_chart: SizeGuide | None = None

    def title(self, language: str) -> str | None:
        return self.titles.get(language) or self.titles.get("en")


Catalogue = dict[str, Product]

# ERP exports name the same column many ways; each maps to one field.
COLUMN_ALIASES = {
    "sku": (
        "sku",
        "item_sku",
        "seller_sku",
        "article",
        "article_number",
        "item_code",
        "product_code",
        "货号",
    ),
    "titles": ("titles", "title", "name", "product_name", "item_name"),
    "material": ("material", "materials", "fabric", "composition"),
    "waterproof": ("waterproof", "water_resistance"),
    "compatibility": ("compatibility", "compatible_with"),
    "care": ("care", "care_instructions"),
    "size_chart": ("size_chart", "sizes", "size_guide"),
    "attributes": ("attributes", "specs", "specifications"),
}
_LOOKUP = {alias: field for field, aliases in COLUMN_ALIASES.items() for alias in aliases}


class RowError(BaseModel):
    line: int
    error: str


def parse_rows(text: str, fmt: str) -> tuple[list[Product], list[RowError]]:
    """Good rows as products, bad rows as (line, reason): one bad row never loses the others."""
    products: list[Product] = []
    errors: list[RowError] = []
    for line, raw in _records(text, fmt, errors):
        try:
            products.append(Product.model_validate(_normalize(raw)))
        except (ValidationError, ValueError) as exc:
            errors.append(RowError(line=line, error=_short(exc)))
    return products, errors


def _records(text: str, fmt: str, errors: list[RowError]):
    if fmt == "jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(RowError(line=number, error=f"invalid JSON: {exc.msg}"))
                continue
            if not isinstance(value, dict):
                errors.append(RowError(line=number, error="a row must be a JSON object"))
                continue
            yield number, value
    else:
        reader = csv.DictReader(io.StringIO(text))
        for row in reader:
            yield reader.line_num, {k: v for k, v in row.items() if k is not None and v not in (None, "")}


def _normalize(raw: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"titles": {}}
    for key, value in raw.items():
        name = str(key).strip().lower().replace(" ", "_")
        # title_de, name_ja...: a title per language.
        head, _, lang = name.rpartition("_")
        if head in COLUMN_ALIASES["titles"] and len(lang) == 2:
            out["titles"][lang] = str(value).strip()
            continue
        target = _LOOKUP.get(name, name)
        if target == "titles" and isinstance(value, str):
            out["titles"].setdefault("en", value.strip())
        elif target in (
            "waterproof",
            "compatibility",
            "care",
            "size_chart",
            "attributes",
            "titles",
        ) and isinstance(value, str):
            out[target] = json.loads(value)  # a JSON object in one CSV cell
        elif target in Product.model_fields:
            out[target] = value.strip() if isinstance(value, str) else value
    if isinstance(out.get("titles"), dict) and not out["titles"]:
        raise ValueError("no title: give title (English) or title_<language> columns")
    return out


def _short(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        return f"{'.'.join(str(p) for p in first['loc']) or 'row'}: {first['msg']}"
    return str(exc)


def write_catalogue(data_dir: Path, store_id: str, products: list[Product]) -> Path:
    """Merge imported products into the store's catalogue file (the same SKU is replaced)."""
    path = data_dir / "products" / f"{store_id}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    current = {p.sku: p for p in _read(path)}
    for product in products:
        current[product.sku] = product.model_copy(update={"store_id": store_id})
    path.write_text(
        "".join(p.model_dump_json(exclude_none=True) + "\n" for p in current.values()), encoding="utf-8"
    )
    load_catalogue.cache_clear()
    return path


def _read(path: Path) -> list[Product]:
    if not path.exists():
        return []
    return [
        Product.model_validate_json(line)
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


@lru_cache(maxsize=64)
def load_catalogue(store_id: str, *dirs: Path) -> Catalogue:
    """The store's products by SKU; later directories win (imported over bundled)."""
    catalogue: Catalogue = {}
    for directory in dirs:
        for product in _read(directory / f"{store_id}.jsonl"):
            catalogue[product.sku] = product
    return catalogue
