"""`drafter rules ...`: list the rule packs, print the README table, check the packs' own examples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from drafter.config import get_settings

rules_app = typer.Typer(
    help="Platform rule packs (knowledge/rules) used by the lint step.", no_args_is_help=True
)


def _rules_dir() -> Path:

    return get_settings().knowledge_dir / "rules"


@rules_app.command("list")
def list_rules(
    platform: Annotated[str | None, typer.Option(help="Only rules for this platform.")] = None,
) -> None:
    """One JSON line per rule: id, severity, platforms, languages, detector, source, message."""
    # local: start-up time
    from drafter.lint.packs import all_rules

    for spec in all_rules(_rules_dir()):
        if platform and not spec.applies_to(platform):
            continue
        print(
            json.dumps(
                spec.model_dump(
                    include={"id", "severity", "platforms", "languages", "detector", "source", "message"}
                ),
                ensure_ascii=False,
            )
        )


@rules_app.command("table")
def table(
    write: Annotated[
        Path | None, typer.Option(help="Rewrite the rules block of this README instead of printing.")
    ] = None,
) -> None:
    """The markdown table of every rule (id, platforms, severity, source), generated from the packs."""
    # local: start-up time
    from drafter.lint.table import readme_block, update_readme

    if write is None:
        print(readme_block(_rules_dir()))
        return
    changed = update_readme(write, _rules_dir())
    typer.echo(f"{write}: {'updated' if changed else 'already current'}", err=True)


@rules_app.command("check")
def check(
    store: Annotated[str | None, typer.Option(help="Also check knowledge/rules/stores/<store>.yaml.")] = None,
    corpus: Annotated[
        Path | None, typer.Option(help="Also score an adversarial corpus (JSON Lines).")
    ] = None,
) -> None:
    """Run every rule's examples (it must fire on `fires`, pass `passes`); exit 1 on any failure."""
    # local: start-up time
    from drafter.lint.examples import check_examples

    failures = check_examples(_rules_dir(), store_id=store)
    for line in failures:
        typer.echo(f"FAIL {line}", err=True)
    report: dict = {"example_failures": len(failures)}
    if corpus is not None:
        # local: start-up time
        from drafter.lint.corpus import evaluate, load_corpus

        figures = evaluate(load_corpus(corpus))
        for line in figures["misses"] + figures["false_blocks"]:
            typer.echo(f"CORPUS {line}", err=True)
        report |= {k: v for k, v in figures.items() if not isinstance(v, list)}
    print(json.dumps(report))
    bad = failures or (corpus is not None and (report["blocking_recall"] < 0.98 or report["clean_blocked"]))
    raise typer.Exit(1 if bad else 0)


def register(app: typer.Typer) -> None:
    app.add_typer(rules_app, name="rules")
