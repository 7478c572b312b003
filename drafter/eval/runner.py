"""Runs the whole pipeline in-process over the evaluation cases, in a throw-away data directory."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from drafter.config import REPO_ROOT, Settings
from drafter.eval.cases import EvalCase
from drafter.eval.checks import check_case, error_outcome
from drafter.eval.metrics import compute_metrics

DEFAULT_CASSETTES_DIR = REPO_ROOT / "eval" / "cassettes" / "cases"  # one cassette per case id
REPLAY_BASE_URL = "http://llm-replay.invalid/v1"  # never reached: vcrpy answers from the cassette
SCHEMA_VERSION = 1


class EvalSetupError(RuntimeError):
    """The evaluation cannot start; the message says what to do."""


@contextmanager
def isolated_settings(*, composer: str, record: bool) -> Iterator[Settings]:
    """Settings over a fresh temporary data dir, so the eval never touches a user's state. Built
    explicitly and handed down: the process environment is left as it was."""
    data_dir = tempfile.mkdtemp(prefix="drafter-eval-")
    # No database or Chroma URL: the embedded SQLite and Chroma inside data_dir, even when the user's
    # environment points Drafter at a shared database or Chroma server.
    overrides: dict[str, Any] = {
        "data_dir": Path(data_dir),
        "composer": composer,
        "load_demo_data": False,
        "database_url": None,
        "chroma_url": None,
    }
    if composer == "llm" and not record:
        base = Settings()
        overrides["llm_base_url"] = base.llm_base_url or REPLAY_BASE_URL
        overrides["llm_api_key"] = base.llm_api_key or "replay"
    try:
        yield Settings(**overrides)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _check_composer(settings: Settings, composer: str) -> None:
    from drafter.compose import get_composer

    try:
        get_composer(composer, settings)
    except ValueError as exc:
        raise EvalSetupError(
            f"The {composer!r} composer is not available in this installation of Drafter ({exc}). "
            "Run the evaluation with --composer template."
        ) from exc


def _cassette_context(cassettes_dir: Path, case: EvalCase, *, record: bool):
    import vcr

    recorder = vcr.VCR(
        record_mode="all" if record else "none",
        match_on=("method", "path"),
        filter_headers=["authorization", "api-key", "openai-organization", "x-api-key"],
        decode_compressed_response=True,
    )
    return recorder.use_cassette(str(cassettes_dir / f"{case.id}.yaml"))


def git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=5
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def run_eval(
    cases: list[EvalCase],
    *,
    composer: str = "template",
    cassettes_dir: Path = DEFAULT_CASSETTES_DIR,
    record: bool = False,
    cases_dir: Path | None = None,
    on_case: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Run every case and return the report (metrics + one outcome per case)."""
    if not cases:
        raise EvalSetupError("no cases to run")
    llm = composer == "llm"
    started = time.perf_counter()
    outcomes: list[dict[str, Any]] = []
    with isolated_settings(composer=composer, record=record) as settings:
        _check_composer(settings, composer)
        if llm and not record and not any((cassettes_dir / f"{c.id}.yaml").exists() for c in cases):
            raise EvalSetupError(
                f"no cassettes for these cases in {cassettes_dir}; record them with `drafter eval --composer llm "
                "--record` against a real endpoint (DRAFTER_LLM_BASE_URL, DRAFTER_LLM_API_KEY)"
            )
        from drafter.wiring import build_pipeline

        pipeline = build_pipeline(settings)
        setup_s = time.perf_counter() - started
        for case in cases:
            outcome = _run_case(pipeline, case, llm=llm, record=record, cassettes_dir=cassettes_dir)
            outcomes.append(outcome)
            if on_case:
                on_case(outcome)
    return {
        "schema_version": SCHEMA_VERSION,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "composer": composer,
        "git_commit": git_commit(),
        "cases_dir": str(cases_dir) if cases_dir else None,
        "setup_s": round(setup_s, 2),
        "duration_s": round(time.perf_counter() - started, 2),
        "metrics": compute_metrics(outcomes),
        "cases": outcomes,
    }


def _run_case(
    pipeline: Any, case: EvalCase, *, llm: bool, record: bool, cassettes_dir: Path
) -> dict[str, Any]:
    if llm and not record and not (cassettes_dir / f"{case.id}.yaml").exists():
        return error_outcome(case, f"no cassette {case.id}.yaml: record it with --record")
    context = _cassette_context(cassettes_dir, case, record=record) if llm else nullcontext()
    t0 = time.perf_counter()
    try:
        with context:
            result = pipeline.run(case.message, order=case.order)
    except Exception as exc:  # one broken case must not stop the run; it is reported
        return error_outcome(case, f"{type(exc).__name__}: {exc}")
    wall_ms = (time.perf_counter() - t0) * 1000
    outcome = check_case(case, result)
    outcome["timings"].setdefault("total", round(wall_ms, 3))
    return outcome
