"""The product catalogue: import (CSV/JSONL, ERP columns, bad rows by line), titles per language, size advice."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from drafter.cli import _register_all, app
from drafter.compose.reading import recommend_size
from drafter.config import Settings
from drafter.details import Details
from drafter.products import load_catalogue, parse_rows

CSV = """Item SKU,Title,title_de,title_ja,Material,waterproof
SKU-T-1,trail shoe,Trailschuh,トレイルシューズ,mesh,"{""level"": ""splash""}"
,no sku here,,,,
SKU-T-2,rain hat,Regenhut,,nylon,not json
"""


def test_csv_with_erp_columns_keeps_good_rows_and_reports_bad_ones_by_line():
    products, errors = parse_rows(CSV, "csv")
    assert [p.sku for p in products] == ["SKU-T-1"]
    assert products[0].titles == {"en": "trail shoe", "de": "Trailschuh", "ja": "トレイルシューズ"}
    assert products[0].waterproof == {"level": "splash"}
    assert [e.line for e in errors] == [3, 4]
    assert "sku" in errors[0].error


def test_jsonl_bad_json_is_reported_not_fatal():
    text = '{"sku": "A1", "titles": {"en": "mug"}}\n{oops\n["not", "an object"]\n'
    products, errors = parse_rows(text, "jsonl")
    assert [p.sku for p in products] == ["A1"]
    assert [(e.line, e.error.split(":")[0]) for e in errors] == [
        (2, "invalid JSON"),
        (3, "a row must be a JSON object"),
    ]


def test_cli_import_writes_the_store_catalogue_and_wins_over_bundled(tmp_path, monkeypatch):
    from drafter.config import get_settings

    monkeypatch.setenv("DRAFTER_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    request_cleanup = get_settings.cache_clear  # the next test reads the settings afresh
    source = tmp_path / "products.jsonl"
    source.write_text(
        json.dumps({"sku": "SKU-JK-02", "titles": {"en": "storm jacket", "fr": "veste tempête"}})
        + "\n"
        + "{broken\n",
        encoding="utf-8",
    )
    _register_all()
    try:
        result = CliRunner().invoke(app, ["products", "import", str(source), "--store", "demo-store"])
    finally:
        request_cleanup()
    assert result.exit_code == 1  # one bad row
    assert "products.jsonl:2: invalid JSON" in result.output
    bundled = Settings().knowledge_dir / "products"
    catalogue = load_catalogue("demo-store", bundled, tmp_path / "products")
    assert catalogue["SKU-JK-02"].title("fr") == "veste tempête"
    assert catalogue["SKU-SN-41"].title("de") == "Laufschuhe"  # bundled rows stay


def test_size_advice_from_the_chart():
    catalogue = load_catalogue("demo-store", Settings().knowledge_dir / "products")
    jacket = catalogue["SKU-JK-02"].size_chart
    assert recommend_size(jacket.sizes, jacket.how_to_choose, Details(height_cm=172, weight_kg=70)) == "M"
    # Tall and light, or short and heavy: the larger of the two fits.
    assert recommend_size(jacket.sizes, jacket.how_to_choose, Details(height_cm=183, weight_kg=60)) == "L"
    # Outside the chart: no guess.
    assert recommend_size(jacket.sizes, jacket.how_to_choose, Details(height_cm=205)) is None
    shoes = catalogue["SKU-SN-41"].size_chart
    assert recommend_size(shoes.sizes, shoes.how_to_choose, Details(foot_cm=25.3)) == "41"
