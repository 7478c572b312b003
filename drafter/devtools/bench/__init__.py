"""`drafter bench`: speed and memory figures, printed. Targets are checked here, never in tests.

Each section is a function returning a dict of figures; stage owners add theirs to SECTIONS.
"""

from __future__ import annotations

import importlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from drafter.config import Settings
from drafter.devtools.localserver import free_port, wait_until_ready
from drafter.knowledge import load_demo_orders
from drafter.models import BuyerMessage

# Messages in several languages, with and without an order number, for the end-to-end runs.
_TEXTS = (
    "Where is my order {oid}? The tracking has not changed for days.",
    "¿Dónde está mi pedido {oid}? No ha llegado todavía.",
    "Где мой заказ {oid}? Уже две недели жду.",
    "Wo bleibt meine Bestellung {oid}?",
    "Ma commande {oid} n'est toujours pas arrivée.",
    "Which size should I take? I am 172 cm.",
    "The charger from order {oid} arrived broken.",
    "I want to cancel order {oid}, please.",
    "Thank you, everything arrived fine!",
    "注文{oid}はいつ届きますか？",
)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def summarize(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(values, 50), 3),
        "p95_ms": round(percentile(values, 95), 3),
        "mean_ms": round(statistics.fmean(values), 3) if values else float("nan"),
    }


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def bench_pipeline(settings: Settings, n: int = 1000) -> dict[str, Any]:
    # local: start-up time
    from drafter.wiring import build_pipeline

    pipeline = build_pipeline(settings)
    orders = load_demo_orders(settings.knowledge_dir)
    messages = []
    for i in range(n):
        order = orders[i % len(orders)]
        text = _TEXTS[i % len(_TEXTS)].format(oid=order.order_id)
        messages.append(BuyerMessage(platform=order.platform, store_id=order.store_id, text=f"{text} ({i})"))
    for message in messages[:20]:  # warm-up: encoder weights, classifier, templates, rule packs
        pipeline.run(message)
    per_stage: dict[str, list[float]] = {}
    end_to_end: list[float] = []
    for message in messages:
        start = time.perf_counter()
        result = pipeline.run(message)
        end_to_end.append((time.perf_counter() - start) * 1000)
        for timing in result.timings:
            per_stage.setdefault(timing.stage, []).append(timing.ms)
    figures: dict[str, Any] = {"messages": n, "end_to_end": summarize(end_to_end)}
    figures.update({stage: summarize(values) for stage, values in per_stage.items()})
    figures["peak_rss_mb"] = peak_rss_mb()
    return figures


def bench_startup(settings: Settings) -> dict[str, Any]:
    """Seconds from `drafter serve` to /ready answering 200: first on an empty data dir (which it
    initialises), then again on the same one; with the server's CPU seconds (user + system) at that
    moment, the figure that holds on a loaded machine."""

    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DRAFTER_DATA_DIR": str(Path(tmp) / "var")}
        for label in ("first_start", "restart"):
            port = free_port()
            start = time.perf_counter()
            proc = subprocess.Popen(
                [sys.executable, "-m", "drafter", "serve", "--port", str(port)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                wait_until_ready(f"http://127.0.0.1:{port}", timeout_s=120)
                figures[f"{label}_ready_s"] = round(time.perf_counter() - start, 2)
                figures[f"{label}_cpu_s"] = _cpu_s_of(proc.pid)
                figures[f"{label}_rss_mb"] = _rss_of(proc.pid)
                figures[f"{label}_load_avg"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
            finally:
                proc.terminate()
                proc.wait(timeout=30)
    figures["targets"] = "ready <= 5 s (first start and restart); RSS ~315 MB before the FAQ partitions"
    return figures


def _cpu_s_of(pid: int) -> float | None:
    """User + system CPU seconds the process has used: the wall time on a shared machine says little."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return round((int(fields[11]) + int(fields[12])) / ticks, 2)  # utime, stime (fields 14, 15)


def _rss_of(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


# (title, dotted path of a function(settings, n) or function(settings)) — sections whose module is
# missing are skipped, so a stage owner can add theirs before or after it lands.
SECTIONS: list[tuple[str, str]] = [
    ("pipeline (template composer, in-process)", "drafter.devtools.bench:bench_pipeline"),
    ("service start", "drafter.devtools.bench:bench_startup"),
    ("classify", "drafter.devtools.bench.classify:bench_classify"),
    ("compose", "drafter.devtools.bench.compose:bench_compose"),
    ("lint", "drafter.devtools.bench.lint:bench_lint"),
    ("llm composer (scripted server)", "drafter.devtools.bench.llm:bench_llm"),
    ("llm mode beside a plain LangChain chain", "drafter.devtools.bench.llm_peer:bench_llm_peer"),
    ("review queue API", "drafter.devtools.bench.review:bench_queue"),
    ("load (served API, concurrent drafts)", "drafter.devtools.bench.load:bench_load"),
    (
        "knowledge size (FAQ entries in the vector store)",
        "drafter.devtools.bench.knowledge_size:bench_knowledge",
    ),
    ("review at scale (1M drafts)", "drafter.devtools.bench.review_scale:bench_review_scale"),
    ("workers", "drafter.devtools.bench.workers:bench_workers"),
    ("eval (every shipped case, template composer)", "drafter.devtools.bench.eval:bench_eval"),
    (
        "imports (1M orders, 50k FAQ entries; DRAFTER_BENCH_IMPORT_ORDERS/_FAQ change the sizes)",
        "drafter.devtools.bench.imports:bench_imports",
    ),
]


def resolve(path: str) -> Callable[..., dict[str, Any]] | None:
    module_name, func_name = path.split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            return None
        raise
    return getattr(module, func_name, None)
