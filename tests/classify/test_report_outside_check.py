"""`drafter classify-report` reports the outside check as aggregates only: no per-intent confusion and no
per-message output, so it cannot be tuned against. (A two-line stand-in file, not the Bitext sample.)"""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console

from drafter.classify.report import BITEXT_FIGURES, run_report
from drafter.classify.report_print import print_report


def test_outside_check_is_aggregates_only(tmp_path: Path) -> None:
    heldout = tmp_path / "heldout.txt"
    heldout.write_text("en | shipping_status | - | where is my parcel??\n", encoding="utf-8")
    outside = tmp_path / "outside.jsonl"
    rows = [
        {"id": "x1", "intent": "cancel_order", "text": "please cancel my order, I ordered by mistake"},
        {"id": "x2", "intent": "payment_invoice", "text": "could you email me the invoice"},
    ]
    outside.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    figures = run_report(heldout=heldout, bitext=outside)
    assert set(figures["bitext"]) == set(BITEXT_FIGURES) and "confusion" not in figures["bitext"]
    console = Console(record=True, width=200)
    print_report(figures, console)
    printed = console.export_text()
    assert "Bitext English sample" in printed and "Bitext confusion" not in printed
    assert "x1" not in printed and "invoice" not in printed


def test_without_the_outside_check(tmp_path: Path) -> None:
    heldout = tmp_path / "heldout.txt"
    heldout.write_text("en | thanks | - | got it, thanks!\n", encoding="utf-8")
    assert "bitext" not in run_report(heldout=heldout, bitext=None)
