"""`drafter bench`: prints speed and memory figures for every stage that has a bench section."""

from __future__ import annotations

import inspect
import json
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from drafter.config import Settings


def bench(
    n: Annotated[int, typer.Option(help="Messages for the end-to-end run.")] = 1000,
    only: Annotated[
        list[str] | None,
        typer.Option(
            help="Run only sections whose title contains this, or by short name (start, load, review-scale, knowledge-size, imports)."
        ),
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the figures as JSON here.")
    ] = None,
    seconds: Annotated[float, typer.Option(help="Seconds per level of the timed sections (load).")] = 30.0,
) -> None:
    """Measure p50/p95 per stage and end to end, service start time and peak RSS (in a scratch data dir)."""
    # local: start-up time
    from drafter.devtools.bench import SECTIONS, resolve

    console = Console(stderr=True)
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp) / "var")
        for title, path in SECTIONS:
            if only and not any(_matches(o, title, path) for o in only):
                continue
            func = resolve(path)
            if func is None:
                continue
            console.print(f"[bold]running[/bold] {title} ...")
            params = inspect.signature(func).parameters
            kwargs = {k: v for k, v in (("n", n), ("seconds", seconds)) if k in params}
            results[title] = func(settings, **kwargs)
    for title, figures in results.items():
        table = Table(title=title, show_header=True)
        table.add_column("figure")
        table.add_column("value", justify="right")
        for key, value in figures.items():
            table.add_row(key, json.dumps(value) if isinstance(value, dict) else str(value))
        Console().print(table)
    if json_out:
        json_out.write_text(json.dumps(results, indent=2), encoding="utf-8")


def _matches(only: str, title: str, path: str) -> bool:
    """A section is picked by a part of its title ("service start", "start") or by its short name, the
    module's ("review-scale", "knowledge-size", "load", "imports")."""
    short = path.split(":")[0].rsplit(".", 1)[-1].replace("_", "-")
    return only.lower() in title.lower() or only.lower().replace("_", "-") == short


def register(app: typer.Typer) -> None:
    app.command()(bench)
