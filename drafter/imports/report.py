"""What an import tells its user: each bad row as a JSON line (line number, code, reason), warnings,
a progress bar over the bytes read, and one summary line (imported / failed / skipped)."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from drafter.textcheck import scrub


@dataclass
class ImportReport:
    what: str
    out: TextIO = field(default_factory=lambda: sys.stdout)
    imported: int = 0
    failed: int = 0
    skipped: int = 0
    warnings: list[str] = field(default_factory=list)

    def bad_row(self, line: int, code: str, reason: str, **extra: Any) -> None:
        """A row that could not be imported: counted as failed, and the exit code says so."""
        self.failed += 1
        self._write(line, code, reason, extra)

    def skipped_row(self, line: int, code: str, reason: str, **extra: Any) -> None:
        """A row left out on purpose (a repeated id): reported, counted as skipped."""
        self.skipped += 1
        self._write(line, code, reason, extra)

    def _write(self, line: int, code: str, reason: str, extra: dict[str, Any]) -> None:
        error = {"code": code, "message": f"line {line}: {scrub(reason)}", "details": extra or None}
        self.out.write(json.dumps({"line": line, "error": error}, ensure_ascii=False) + "\n")

    def warn(self, text: str) -> None:
        self.warnings.append(text)

    def summary(self) -> str:
        return f"{self.what}: {self.imported} imported, {self.failed} failed, {self.skipped} skipped"

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


@contextmanager
def progress_file(path: Path, *, description: str, text: bool, show: bool = True) -> Iterator[IO[Any]]:
    """The file opened for reading (bytes, or text whose invalid UTF-8 is kept as surrogate escapes),
    with a progress bar on stderr that follows the bytes read."""
    console = Console(stderr=True)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, disable=not show, transient=False) as progress:
        with progress.open(path, "rb", description=description) as raw:
            if text:
                yield io.TextIOWrapper(raw, encoding="utf-8", errors="surrogateescape", newline="")
            else:
                yield raw
