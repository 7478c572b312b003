"""Write the evaluation report: report.json for machines, a self-contained report.html for people."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from drafter.eval import charts
from drafter.eval.metrics import RATE_METRICS, total_ms

BAR_METRICS = ["intent_accuracy", "route_accuracy", "reply_language_match", "required_facts_rate"]
TABLE_METRICS = [
    "cases",
    "pass_rate",
    "intent_accuracy",
    "intent_macro_f1",
    "high_risk_recall",
    "route_accuracy",
    "unsafe_auto_sends",
    "language_accuracy",
    "reply_language_match",
    "three_part_rate",
    "required_facts_rate",
    "forbidden_fact_cases",
    "invented_fact_cases",
    "asks_for_order_id_rate",
    "lint_clean_rate",
    "composer_fallbacks",
    "latency_p50_ms",
    "latency_p95_ms",
    "tokens",
    "cost_usd",
]
_CSS = """body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:8px 0 20px;font-size:12px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}
th{background:#f2f2f2}td.l,th.l{text-align:left}.bad{background:#fde2e2}.good{background:#e2f5e6}
.case{border:1px solid #ddd;border-radius:6px;padding:8px 12px;margin:10px 0}.case pre{white-space:pre-wrap;margin:4px 0;background:#fafafa;padding:6px}
.charts{display:flex;flex-wrap:wrap;gap:24px}.muted{color:#777}"""


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return escape(str(value))


def metrics_table(groups: dict[str, dict[str, Any]]) -> str:
    """One row per metric, one column per group (all cases, a platform, a language)."""
    head = "".join(f"<th>{escape(name)}</th>" for name in groups)
    body = []
    for m in TABLE_METRICS:
        cells = []
        for metrics in groups.values():
            value = metrics.get(m)
            bad = (m == "unsafe_auto_sends" and value) or (
                m == "high_risk_recall" and value is not None and value < 1
            )
            cells.append(f'<td class="{"bad" if bad else ""}">{_fmt(value)}</td>')
        body.append(f'<tr><td class="l">{escape(m)}</td>{"".join(cells)}</tr>')
    return f'<table><tr><th class="l">metric</th>{head}</tr>{"".join(body)}</table>'


def latency_table(latency: dict[str, dict[str, float | None]]) -> str:
    rows = "".join(
        f'<tr><td class="l">{escape(stage)}</td><td>{_fmt(v["p50"])}</td><td>{_fmt(v["p95"])}</td>'
        f"<td>{_fmt(v['mean'])}</td><td>{_fmt(v['max'])}</td></tr>"
        for stage, v in latency.items()
    )
    return f'<table><tr><th class="l">stage</th><th>p50 ms</th><th>p95 ms</th><th>mean ms</th><th>max ms</th></tr>{rows}</table>'


def failing_cases(cases: list[dict[str, Any]]) -> str:
    failing = [c for c in cases if not c["passed"]]
    if not failing:
        return "<p>Every case passed.</p>"
    blocks = []
    for c in failing:
        rows = "".join(
            f'<tr><td class="l">{escape(f["check"])}</td><td class="l">{escape(json.dumps(f["expected"], ensure_ascii=False))}</td>'
            f'<td class="l bad">{escape(json.dumps(f["actual"], ensure_ascii=False))}</td></tr>'
            for f in c["failures"]
        )
        reply = c.get("reply", {}).get("text") or ""
        blocks.append(
            f'<div class="case" id="case-{escape(c["id"])}"><b>{escape(c["id"])}</b> '
            f'<span class="muted">{escape(c["platform"])} · {escape(c["language"])} · {escape(", ".join(c["tags"]))}</span>'
            f'<pre>{escape(c["text"])}</pre><table><tr><th class="l">check</th><th class="l">expected</th>'
            f'<th class="l">actual</th></tr>{rows}</table>'
            f"<details><summary>reply ({escape(str(c.get('reply', {}).get('template_id')))})</summary><pre>{escape(reply)}</pre>"
            f'<p class="muted">route reasons: {escape("; ".join(c.get("route_reasons", [])))}</p></details></div>'
        )
    return f"<p>{len(failing)} of {len(cases)} cases fail at least one check.</p>" + "".join(blocks)


def comparison_section(comparison: dict[str, Any] | None) -> str:
    if not comparison:
        return ""
    verdict = "passed" if comparison["ok"] else "FAILED"
    items = "".join(f"<li>{escape(x)}</li>" for x in comparison["failures"] + comparison["warnings"])
    rows = "".join(
        f'<tr><td class="l">{escape(r["group"])}</td><td class="l">{escape(r["metric"])}</td><td>{_fmt(r["baseline"])}</td>'
        f"<td>{_fmt(r['current'])}</td><td>{_fmt(r['delta'])}</td></tr>"
        for r in comparison["changes"]
        if r["group"] == "overall"
    )
    broken = (
        ", ".join(f'<a href="#case-{escape(b["id"])}">{escape(b["id"])}</a>' for b in comparison["broken"])
        or "none"
    )
    fixed = escape(", ".join(comparison["fixed"]) or "none")
    return (
        f"<h2>Against the baseline: {verdict}</h2><ul>{items}</ul>"
        f'<table><tr><th class="l">group</th><th class="l">metric</th><th>baseline</th><th>now</th><th>change</th></tr>{rows}</table>'
        f"<p>Now failing (passed in the baseline): {broken}</p><p>Now passing: {fixed}</p>"
    )


def render_html(report: dict[str, Any], comparison: dict[str, Any] | None = None) -> str:
    m = report["metrics"]
    totals = [t for c in report["cases"] if (t := total_ms(c)) is not None]
    head = (
        f"composer <b>{escape(report['composer'])}</b> · commit {escape(str(report.get('git_commit')))} · "
        f"{escape(report['created_at'])} · {m['overall']['cases']} cases in {report['duration_s']} s"
    )
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Drafter evaluation</title>
<style>{_CSS}</style></head><body><h1>Drafter evaluation</h1><p>{head}</p>
{comparison_section(comparison)}
<h2>Overall and by platform</h2>{metrics_table({"all cases": m["overall"], **m["by_platform"]})}
<div class="charts">{charts.grouped_bars(m["by_language"], BAR_METRICS, title="Per language")}
{charts.grouped_bars(m["by_platform"], BAR_METRICS, title="Per platform")}</div>
<h2>By language</h2>{metrics_table(m["by_language"])}
<div class="charts">{charts.confusion_matrix(m["confusion"]["labels"], m["confusion"]["matrix"], title="Intent confusion")}
{charts.histogram(totals, title="Latency")}</div>
<h2>Latency per stage</h2>{latency_table(m["latency"])}
<h2>Failing cases</h2>{failing_cases(report["cases"])}
<p class="muted">Metric definitions: docs/eval.md. Rates: {escape(", ".join(RATE_METRICS))}.</p>
</body></html>"""


def write_reports(
    report: dict[str, Any], out_dir: Path, *, comparison: dict[str, Any] | None = None
) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    if comparison is not None:
        report = {**report, "comparison": comparison}
    json_path, html_path = out_dir / "report.json", out_dir / "report.html"
    json_path.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    html_path.write_text(render_html(report, comparison), encoding="utf-8")
    return json_path, html_path
