"""`drafter eval`: run the offline evaluation, write the reports, compare with a baseline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from drafter.eval.cases import DEFAULT_CASES_DIR, CaseFileError, load_cases
from drafter.eval.compare import DEFAULT_MARGIN, changed_metrics, compare_reports
from drafter.eval.metrics import HIGHER_IS_BETTER
from drafter.eval.report import TABLE_METRICS, write_reports
from drafter.eval.runner import DEFAULT_CASSETTES_DIR, EvalSetupError, run_eval

console = Console(stderr=True)


def slim_baseline(report: dict) -> dict:
    """What a comparison needs from a baseline: the metrics, and per case what recomputes them on a
    slice (checks, predictions, timings) and the verdict; the reply texts stay out."""
    keep_case = (
        "id",
        "platform",
        "language",
        "predicted",
        "checks",
        "passed",
        "failures",
        "error",
        "timings",
        "usage",
    )
    cases = [
        {k: c.get(k) for k in keep_case}
        | {
            "expected": {k: c["expected"].get(k) for k in ("intent", "intent_also")},
            "reply": {"fallback_reason": (c.get("reply") or {}).get("fallback_reason")},
        }
        for c in report["cases"]
    ]
    keep = ("schema_version", "created_at", "composer", "git_commit", "metrics")
    return {**{k: report[k] for k in keep}, "cases": cases}


def baseline_json(baseline: dict) -> str:
    """Metrics indented, one line per case: small, and a refresh reads well in a diff."""
    head = json.dumps({k: v for k, v in baseline.items() if k != "cases"}, ensure_ascii=False, indent=1)
    cases = ",\n".join(json.dumps(c, ensure_ascii=False, separators=(",", ":")) for c in baseline["cases"])
    return head[:-2] + ',\n "cases": [\n' + cases + "\n ]\n}\n"


def _summary(report: dict) -> Table:
    overall = report["metrics"]["overall"]
    table = Table(
        title=f"{report['composer']} composer, {overall['cases']} cases, {report['duration_s']} s",
        min_width=44,
    )
    table.add_column("metric")
    table.add_column("value", justify="right")
    for metric in TABLE_METRICS:
        value = report["metrics"]["overall"].get(metric)
        table.add_row(
            metric, "–" if value is None else f"{value:.4f}" if isinstance(value, float) else str(value)
        )
    return table


def _print_comparison(cmp) -> None:
    table = Table(title="Change against the baseline (overall, and groups that moved)")
    for col in ("group", "metric", "baseline", "now", "change"):
        table.add_column(col, justify="left" if col in ("group", "metric") else "right")
    for row in changed_metrics(cmp):
        delta = row["delta"]
        style = (
            "" if not delta else ("green" if (delta > 0) == (row["metric"] in HIGHER_IS_BETTER) else "red")
        )
        if row["metric"] in ("cases", "auto_send_rate"):
            style = ""  # neither better nor worse
        table.add_row(
            row["group"],
            row["metric"],
            str(row["baseline"]),
            str(row["current"]),
            "" if delta is None else f"[{style}]{delta:+.4g}[/]" if style else f"{delta:+.4g}",
        )
    console.print(table)
    console.print(f"now failing (passed in the baseline): {', '.join(b['id'] for b in cmp.broken) or 'none'}")
    console.print(f"now passing (failed in the baseline): {', '.join(cmp.fixed) or 'none'}")
    for warning in cmp.warnings:
        console.print(f"[yellow]warning:[/] {warning}")
    for failure in cmp.failures:
        console.print(f"[red]regression:[/] {failure}")
    console.print("[green]no guarded regression[/]" if cmp.ok else "[red]guarded regression: failing[/]")


def eval_command(
    cases: Annotated[
        Path, typer.Option("--cases", help="Directory of *.jsonl case files.")
    ] = DEFAULT_CASES_DIR,
    out: Annotated[Path, typer.Option("--out", help="Where report.json and report.html go.")] = Path(
        "eval/out"
    ),
    composer: Annotated[str, typer.Option("--composer", help="template or llm.")] = "template",
    baseline: Annotated[
        Path | None, typer.Option("--baseline", help="A report.json to compare with.")
    ] = None,
    record: Annotated[
        bool, typer.Option("--record", help="LLM mode: call the real endpoint and (re)write cassettes.")
    ] = False,
    margin: Annotated[
        float, typer.Option("--margin", help="Largest allowed fall of a guarded metric (absolute).")
    ] = DEFAULT_MARGIN,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Fail on the safety floors even when the baseline misses them too."),
    ] = False,
    limit: Annotated[
        int | None, typer.Option("--limit", help="Run an evenly spaced slice of this many cases.")
    ] = None,
    language: Annotated[
        list[str] | None, typer.Option("--lang", help="Only cases in this language (repeatable).")
    ] = None,
    platform: Annotated[
        list[str] | None, typer.Option("--platform", help="Only cases on this platform (repeatable).")
    ] = None,
    cassettes: Annotated[
        Path, typer.Option("--cassettes", help="Cassette directory for LLM mode.")
    ] = DEFAULT_CASSETTES_DIR,
    save_baseline: Annotated[
        Path | None, typer.Option("--save-baseline", help="Also write a slim baseline file here.")
    ] = None,
) -> None:
    """Run the pipeline over recorded cases, write the reports, and compare with a baseline."""
    if composer not in ("template", "llm"):
        raise typer.BadParameter("--composer must be template or llm")
    if record and composer != "llm":
        raise typer.BadParameter("--record only applies to --composer llm")
    try:
        selected = load_cases(
            cases, languages=set(language or ()), platforms=set(platform or ()), limit=limit
        )
        base = json.loads(baseline.read_text(encoding="utf-8")) if baseline else None
    except (CaseFileError, OSError, ValueError) as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    progress = Progress(
        TextColumn("eval"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[last]}"),
        console=console,
        transient=True,
    )
    try:
        with progress:
            task = progress.add_task("eval", total=len(selected), last="")
            report = run_eval(
                selected,
                composer=composer,
                cassettes_dir=cassettes,
                record=record,
                cases_dir=cases,
                on_case=lambda o: progress.update(task, advance=1, last=o["id"]),
            )
    except EvalSetupError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    comparison = compare_reports(report, base, margin=margin, strict=strict) if base else None
    json_path, html_path = write_reports(report, out, comparison=comparison.as_dict() if comparison else None)
    if save_baseline:
        save_baseline.write_text(baseline_json(slim_baseline(report)), encoding="utf-8")
    console.print(_summary(report))
    console.print(f"reports: {json_path} {html_path}")
    if comparison:
        _print_comparison(comparison)
        if not comparison.ok:
            raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("eval")(eval_command)
