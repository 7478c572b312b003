"""`drafter products import`: a store's product catalogue (CSV or JSONL, ERP-style columns)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from drafter.config import get_settings

products_app = typer.Typer(
    help="The product catalogue replies answer product and size questions from.", no_args_is_help=True
)


@products_app.command("import")
def products_import(
    file: Annotated[Path, typer.Argument(help="Products as JSON Lines (.jsonl) or CSV (.csv).")],
    store: Annotated[str, typer.Option("--store", help="The store the products belong to.")],
) -> None:
    """Import products: good rows are kept (same SKU replaced), bad rows reported by line."""
    # local: start-up time
    from drafter.products import parse_rows, write_catalogue

    if not file.exists():
        raise typer.BadParameter(f"no such file: {file}", param_hint="FILE")
    fmt = "csv" if file.suffix.lower() == ".csv" else "jsonl"
    products, errors = parse_rows(file.read_text(encoding="utf-8-sig"), fmt)
    for error in errors:
        typer.echo(f"{file.name}:{error.line}: {error.error}", err=True)
    if products:
        settings = get_settings()
        path = write_catalogue(settings.data_dir, store, products)
        # local: start-up time
        from drafter.retrieve.products import ProductIndex, index_store

        index_store(ProductIndex(settings), settings, store)  # questions find the new products at once
        typer.echo(f"{len(products)} products imported into {path}, {len(errors)} errors", err=True)
    else:
        typer.echo(f"0 products imported, {len(errors)} errors", err=True)
    raise typer.Exit(1 if errors else 0)


def register(app: typer.Typer) -> None:
    app.add_typer(products_app, name="products")
