"""The `drafter` command. Thin shell: each command group lives in its own module and registers here."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="drafter",
    help="Drafter: drafts safe, grounded replies to marketplace buyer messages.",
    no_args_is_help=True,
    add_completion=False,
)

# Modules that add commands to `app` (each defines register(app)). Add a line to add a module.
_COMMAND_MODULES = (
    "drafter.cli.pipeline_cmds",
    "drafter.cli.compose_cmds",
)


def _register_all() -> None:
    import importlib

    for name in _COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # a module listed before it exists
                continue
            raise
        module.register(app)


def main() -> None:
    _register_all()
    app()
