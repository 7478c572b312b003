"""`drafter llm-test-server`: the scripted OpenAI-compatible endpoint, for trying the LLM mode by hand."""

from __future__ import annotations

import time
from typing import Annotated

import typer


def llm_test_server(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8099,
    case: Annotated[
        str, typer.Option(help="Default script when the model name is not scripted/<case>.")
    ] = "good",
    delay: Annotated[float, typer.Option(help="Seconds the 'timeout' case waits before answering.")] = 30.0,
) -> None:
    """Serve scripted chat completions (not a model) on http://127.0.0.1:PORT/v1 until Ctrl-C.

    Point Drafter at it: DRAFTER_COMPOSER=llm DRAFTER_LLM_BASE_URL=http://127.0.0.1:PORT/v1
    (DRAFTER_LLM_MODEL=scripted/<case> picks a case per run; see docs/llm.md).
    """
    # local: start-up time
    from drafter.devtools.scripted_llm import CASES, ScriptedServer

    if case not in CASES:
        raise typer.BadParameter(f"unknown case {case!r}; one of: {', '.join(CASES)}", param_hint="--case")
    server = ScriptedServer(port=port, default_case=case, delay_s=delay).start()
    typer.echo(
        f"scripted LLM endpoint on {server.base_url} (default case: {case}; cases: {', '.join(CASES)})"
    )
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


def register(app: typer.Typer) -> None:
    app.command("llm-test-server")(llm_test_server)
