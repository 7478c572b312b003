"""The README table is generated from the packs; the benchmark and the rules CLI work."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from drafter.cli import _register_all, app
from drafter.config import REPO_ROOT
from drafter.devtools.bench.lint import bench_lint
from drafter.lint.packs import all_rules
from drafter.lint.table import readme_is_current, rules_table

RULES_DIR = REPO_ROOT / "knowledge" / "rules"


def test_readme_rules_block_is_generated_from_the_data() -> None:
    assert readme_is_current(REPO_ROOT / "README.md", RULES_DIR), "run: drafter rules table --write README.md"


def test_table_lists_every_rule_with_severity_and_source() -> None:
    table = rules_table(RULES_DIR)
    for spec in all_rules(RULES_DIR):
        row = next(line for line in table.splitlines() if f"`{spec.id}`" in line)
        assert f"| {spec.severity.value} |" in row and spec.source[:30] in row


def test_bench_reports_percentiles(settings) -> None:
    figures = bench_lint(settings, n=50)
    assert figures["drafts"] == 50 and figures["corpus_cases"] >= 150
    assert 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["max_ms"]


def test_rules_cli_list_and_check() -> None:
    _register_all()
    runner = CliRunner()
    listed = runner.invoke(app, ["rules", "list", "--platform", "amazon"])
    assert listed.exit_code == 0
    ids = {json.loads(line)["id"] for line in listed.stdout.splitlines()}
    assert "amazon.no-html" in ids and "ebay.no-feedback-extortion" not in ids
    checked = runner.invoke(app, ["rules", "check", "--store", "demo-store"])
    assert checked.exit_code == 0 and json.loads(checked.stdout.splitlines()[-1])["example_failures"] == 0
