"""The `drafter` command. Thin shell: each command group lives in its own drafter/cli/*_cmds.py module,
which defines register(app); modules are discovered, so adding a group never edits this file."""

from __future__ import annotations

import importlib
import pkgutil

import typer

app = typer.Typer(
    name="drafter",
    help="Drafter: drafts safe, grounded replies to marketplace buyer messages.",
    no_args_is_help=True,
    add_completion=False,
)
_registered = False


def _register_all() -> None:
    global _registered
    if _registered:
        return
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.endswith("_cmds"):
            importlib.import_module(f"{__name__}.{info.name}").register(app)
    _registered = True


def main() -> None:
    _register_all()
    app()
