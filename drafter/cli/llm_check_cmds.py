"""`drafter llm-check`: the live-model check. A small eval slice (every language, spread over the
platforms) through the LLM composer against the configured OpenAI-compatible endpoint, with the
same report as `drafter eval` plus an `llm` section; the calls are recorded as cassettes, so the
suite can replay how that model really behaved (`--replay` replays them here too)."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from drafter.config import REPO_ROOT
from drafter.eval.cases import DEFAULT_CASES_DIR, EvalCase, load_cases

console = Console(stderr=True)
LIVE_CASSETTES = REPO_ROOT / "eval" / "cassettes" / "live"


def live_slice(cases: list[EvalCase], per_language: int) -> list[EvalCase]:
    """`per_language` cases per language, on different platforms where possible, order-backed
    cases first (they exercise the facts), in case-id order so the slice is the same every run."""
    by_lang: dict[str, list[EvalCase]] = defaultdict(list)
    for case in sorted(cases, key=lambda c: c.id):
        by_lang[case.expected.language].append(case)
    picked: list[EvalCase] = []
    for lang in sorted(by_lang):
        pool = sorted(by_lang[lang], key=lambda c: (c.order is None and not c.expected.must_state, c.id))
        chosen: list[EvalCase] = []
        for case in pool:
            if len(chosen) == per_language:
                break
            if case.message.platform not in {c.message.platform for c in chosen} or len(pool) <= per_language:
                chosen.append(case)
        chosen += [c for c in pool if c not in chosen][: per_language - len(chosen)]
        picked += chosen
    return picked


def llm_check(
    per_language: Annotated[
        int, typer.Option("--per-language", help="Cases per language (14 languages).")
    ] = 2,
    cases: Annotated[
        Path, typer.Option("--cases", help="Directory of *.jsonl case files.")
    ] = DEFAULT_CASES_DIR,
    out: Annotated[Path, typer.Option("--out", help="Where report.json and report.html go.")] = Path(
        "eval/out-live"
    ),
    cassettes: Annotated[
        Path, typer.Option("--cassettes", help="Cassette directory (one per case).")
    ] = LIVE_CASSETTES,
    replay: Annotated[
        bool, typer.Option("--replay", help="Replay the recorded cassettes (cases without one are left out).")
    ] = False,
    language: Annotated[
        list[str] | None, typer.Option("--lang", help="Only this language (repeatable).")
    ] = None,
    skip_recorded: Annotated[
        bool,
        typer.Option(
            "--skip-recorded",
            help="Record only cases that have no cassette yet (a slow model can be run in pieces).",
        ),
    ] = False,
) -> None:
    """Run the live-model slice against DRAFTER_LLM_BASE_URL / DRAFTER_LLM_MODEL and report."""
    # local: start-up time
    from drafter.eval.llm_summary import llm_summary
    from drafter.eval.report import write_reports
    from drafter.eval.runner import EvalSetupError, run_eval

    selected = live_slice(load_cases(cases, languages=set(language or ())), per_language)
    recorded = lambda c: (cassettes / f"{c.id}.yaml").exists()  # noqa: E731
    if replay:
        selected = [c for c in selected if recorded(c)]
    elif skip_recorded:
        selected = [c for c in selected if not recorded(c)]
    if not selected:
        console.print("nothing to run")
        raise typer.Exit(0)
    console.print(
        f"{len(selected)} cases, {len({c.expected.language for c in selected})} languages; "
        f"{'replaying' if replay else 'recording'} {cassettes}"
    )
    try:
        report = run_eval(
            selected,
            composer="llm",
            cassettes_dir=cassettes,
            record=not replay,
            cases_dir=cases,
            on_case=lambda o: console.print(
                f"  {o['id']}: {(o.get('reply') or {}).get('composer')} "
                f"{(o.get('reply') or {}).get('fallback_reason') or ''} "
                f"route={o['predicted'].get('route')} {o['timings'].get('compose', 0) / 1000:.1f}s"
            ),
        )
    except EvalSetupError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    report["llm"] = llm_summary(report["cases"])
    json_path, html_path = write_reports(report, out)
    typer.echo(
        json.dumps(
            {
                "metrics": {
                    k: report["metrics"]["overall"].get(k)
                    for k in (
                        "cases",
                        "unsafe_auto_sends",
                        "reply_language_match",
                        "required_facts_rate",
                        "auto_send_rate",
                        "composer_fallbacks",
                    )
                },
                "llm": report["llm"],
            },
            ensure_ascii=False,
            indent=1,
        )
    )
    console.print(f"reports: {json_path} {html_path}")


def register(app: typer.Typer) -> None:
    app.command("llm-check")(llm_check)
