"""`drafter autoreply kit`: the store's auto-reply texts for a platform's back office, linted."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from drafter.config import get_settings
from drafter.knowledge import known_store_ids, store_profile

autoreply_app = typer.Typer(
    help="Auto-reply texts to paste into a marketplace's back office.", no_args_is_help=True
)

_KIND_TITLES = {"welcome": "Welcome message", "off_hours": "Off-hours reply", "keyword": "Keyword answer"}


@autoreply_app.command("kit")
def kit(
    store: Annotated[str, typer.Option(help="The store (knowledge/stores/<store>.yaml).")],
    platform: Annotated[str, typer.Option(help="aliexpress, amazon, ebay or shopify.")] = "aliexpress",
    language: Annotated[
        list[str] | None, typer.Option(help="Only these languages (repeat); default: the platform's.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the kit as one JSON object.")] = False,
) -> None:
    """Welcome message, off-hours reply and keyword answers per language; exit 1 when any text fails lint."""
    # local: start-up time
    from drafter.autoreply import build_kit

    knowledge_dir = get_settings().knowledge_dir
    if store not in known_store_ids(knowledge_dir):
        typer.echo(f"unknown store {store!r}; known: {', '.join(known_store_ids(knowledge_dir))}", err=True)
        raise typer.Exit(2)
    try:
        result = build_kit(
            knowledge_dir=knowledge_dir,
            store=store_profile(knowledge_dir, store),
            platform=platform,
            languages=language or None,
        )
    except (KeyError, ValueError) as exc:
        typer.echo(str(exc).strip("'\""), err=True)
        raise typer.Exit(2) from exc
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        raise typer.Exit(0 if result.ok else 1)
    console = Console(highlight=False, soft_wrap=True)  # texts are for pasting: never hard-wrapped
    console.print(
        f"[bold]Auto-reply kit for {result.store_id} on {result.platform.value}[/bold]: "
        f"welcome promises a reply within {result.reply_within_hours} h "
        f"(platform: {result.platform_in_hours_h:g} h in working hours, "
        f"{result.platform_off_hours_h:g} h outside)"
    )
    for warning in result.warnings:
        console.print(f"[yellow]warning:[/yellow] {warning}")
    for text in result.texts:
        title = _KIND_TITLES[text.kind] + (
            f" — {text.topic} ({', '.join(text.keywords)})" if text.topic else ""
        )
        verdict = "[green]passes lint[/green]" if text.lint.ok else "[red]BLOCKED[/red]"
        console.print(
            f"\n[bold]{text.language} · {title}[/bold] · {text.chars}/{result.max_chars} chars · {verdict}"
        )
        console.print(text.text, markup=False)
        for v in text.lint.violations:
            console.print(f"  {v.severity.value} {v.rule_id}: {v.message} «{v.excerpt}»", markup=False)
    failed = sum(not t.lint.ok for t in result.texts)
    console.print(f"\n{len(result.texts)} texts in {len(result.languages)} languages, {failed} blocked")
    raise typer.Exit(0 if result.ok else 1)


def register(app: typer.Typer) -> None:
    app.add_typer(autoreply_app, name="autoreply")
