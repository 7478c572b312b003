"""`drafter knowledge import`: FAQ entries (JSON Lines) into the vector store, streamed in batches.

A broken line, an entry that fails validation or a repeated id is reported with its file and line
and skipped; every other entry is indexed. A path that does not exist, or holds no FAQ file, is an
error of the whole import.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from drafter.config import Settings
from drafter.imports.order_import import ImportFileError
from drafter.imports.report import ImportReport, progress_file
from drafter.imports.rows import BLANK, jsonl_rows
from drafter.models import FaqEntry

# Entries read before they are embedded and written: FaqIndex.upsert gives each partition one Chroma call
# per batch (a call costs about as much whatever it carries), so a batch of 4,096 over 14 partitions
# writes about 290 entries a call instead of 36. Memory: about 6 KB an entry while it waits.
BATCH_ENTRIES = 4096


def faq_files(path: Path) -> list[Path]:
    """A .jsonl file, a knowledge directory (its faq/ folder), or a folder of .jsonl files."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise ImportFileError(f"{path} does not exist")
    root = path / "faq" if (path / "faq").is_dir() else path
    files = sorted(root.glob("**/*.jsonl"))
    if not files:
        raise ImportFileError(
            f"{path} holds no FAQ files (*.jsonl, or faq/**/*.jsonl in a knowledge directory)"
        )
    return files


def _key(entry: FaqEntry) -> tuple[str, str, str, str]:
    return (entry.store_id or "*", entry.platform, entry.id, entry.language)


def import_faq(
    settings: Settings,
    path: Path,
    *,
    report: ImportReport,
    progress: bool = True,
    batch_entries: int = BATCH_ENTRIES,
) -> ImportReport:
    # local: start-up time (chromadb)
    from drafter.persistence.init import ensure_initialized
    from drafter.retrieve.faq import FaqIndex

    files = faq_files(path)
    ensure_initialized(settings)
    index = FaqIndex(settings)
    seen: dict[tuple[str, str, str, str], str] = {}  # an entry's key -> where it was first read
    batch: list[FaqEntry] = []

    def flush() -> None:
        index.upsert(batch)
        report.imported += len(batch)
        batch.clear()

    for file in files:
        with progress_file(file, description=file.name, text=False, show=progress) as fh:
            for row in jsonl_rows(fh):
                where = f"{file}:{row.line}"
                if row.data is None:
                    if row.problem is not None:
                        report.bad_row(row.line, row.code, row.problem, file=str(file))
                    elif row.code == BLANK:
                        report.skipped += 1
                    continue
                try:
                    entry = FaqEntry.model_validate(row.data)
                except ValidationError as exc:
                    reason = "; ".join(
                        f"{'.'.join(map(str, e['loc'])) or 'entry'}: {e['msg']}" for e in exc.errors()
                    )
                    report.bad_row(row.line, "invalid_faq_entry", reason, file=str(file))
                    continue
                first = seen.setdefault(_key(entry), where)
                if first != where:
                    report.skipped_row(
                        row.line,
                        "duplicate_id",
                        f"FAQ entry {entry.id} ({entry.language}, "
                        f"{entry.platform}) was already read at {first}; this one is skipped",
                        file=str(file),
                    )
                    continue
                batch.append(entry)
                if len(batch) >= batch_entries:
                    flush()
    if batch:
        flush()
    return report
