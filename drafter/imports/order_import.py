"""`drafter orders import`: a CSV or JSON Lines file of orders into the order store, streamed.

Rows are read one at a time and written BATCH_ROWS at a time, each batch one transaction and one
INSERT ... ON CONFLICT DO UPDATE: memory stays flat whatever the file size, and a crash loses at
most the batch in flight (the import can simply be run again: it upserts).
"""

from __future__ import annotations

from pathlib import Path

from drafter.config import Settings
from drafter.imports.order_rows import header_mapper, orders_from_rows
from drafter.imports.report import ImportReport, progress_file
from drafter.imports.rows import BLANK, Row, csv_rows, jsonl_rows
from drafter.models import Order
from drafter.persistence.db import session_scope
from drafter.persistence.init import ensure_initialized
from drafter.persistence.order_store import upsert_order_batch

BATCH_ROWS = 2000


class ImportFileError(Exception):
    """The file as a whole cannot be imported (it does not exist, or is not a file)."""


def import_orders(
    settings: Settings,
    path: Path,
    *,
    default_store: str | None,
    report: ImportReport,
    progress: bool = True,
    batch_rows: int = BATCH_ROWS,
) -> ImportReport:
    if not path.is_file():
        raise ImportFileError(f"{path} does not exist or is not a file")
    ensure_initialized(settings)
    csv_input = path.suffix.lower() == ".csv"
    url = settings.resolved_database_url
    batch: list[Order] = []

    def flush() -> None:
        with session_scope(url) as session:
            upsert_order_batch(session, batch)
        report.imported += len(batch)
        batch.clear()

    with progress_file(path, description="orders", text=csv_input, show=progress) as fh:
        rows = csv_rows(fh, columns=header_mapper(settings.knowledge_dir)) if csv_input else jsonl_rows(fh)
        for item in orders_from_rows(rows, csv_input=csv_input, default_store=default_store):
            if isinstance(item, Row):
                for warning in item.warnings:
                    report.warn(f"line {item.line}: {warning}")
                if item.problem is not None:
                    report.bad_row(item.line, item.code, item.problem)
                elif item.code == BLANK:
                    report.skipped += 1
                continue
            batch.append(item)
            if len(batch) >= batch_rows:
                flush()
        if batch:
            flush()
    return report
