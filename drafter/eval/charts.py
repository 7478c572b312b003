"""Inline SVG charts for the HTML report: no scripts, no fonts or files from the network."""

from __future__ import annotations

from html import escape

PALETTE = ("#2f6fdf", "#e0822d", "#3a9d5d", "#b34dbd", "#c9363e")


def grouped_bars(groups: dict[str, dict[str, float | None]], series: list[str], *, title: str) -> str:
    """Vertical bars in [0, 1]: one cluster per group (e.g. language), one bar per series (metric)."""
    names = list(groups)
    bar_w, gap, h, top, left = 10, 14, 180, 30, 36
    cluster_w = bar_w * len(series) + gap
    width = max(left + cluster_w * len(names) + 10, left + 150 * len(series))
    out = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" '
        f'width="{width}" height="{h + top + 60}" viewBox="0 0 {width} {h + top + 60}">',
        f'<text x="4" y="16" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    for tick in (0, 0.5, 1.0):
        y = top + h - tick * h
        out.append(
            f'<line x1="{left - 4}" x2="{width}" y1="{y}" y2="{y}" stroke="#ddd"/>'
            f'<text x="2" y="{y + 4}" font-size="10">{tick:.1f}</text>'
        )
    for gi, name in enumerate(names):
        x0 = left + gi * cluster_w
        for si, metric in enumerate(series):
            value = groups[name].get(metric)
            if value is None:
                continue
            bh = max(value * h, 0.5)
            out.append(
                f'<rect class="bar" x="{x0 + si * bar_w}" y="{top + h - bh:.1f}" width="{bar_w - 1}" '
                f'height="{bh:.1f}" fill="{PALETTE[si % len(PALETTE)]}">'
                f"<title>{escape(name)} {escape(metric)}: {value:.3f}</title></rect>"
            )
        out.append(
            f'<text x="{x0 + cluster_w / 2 - gap / 2}" y="{top + h + 14}" font-size="11" '
            f'text-anchor="middle">{escape(name)}</text>'
        )
    for si, metric in enumerate(series):
        x = left + si * 150
        out.append(
            f'<rect x="{x}" y="{top + h + 30}" width="10" height="10" fill="{PALETTE[si % len(PALETTE)]}"/>'
            f'<text x="{x + 14}" y="{top + h + 39}" font-size="11">{escape(metric)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def confusion_matrix(labels: list[str], matrix: list[list[int]], *, title: str) -> str:
    """Rows: expected intent; columns: predicted intent; darker cells hold more cases."""
    cell, left, top = 26, 130, 130
    size_w, size_h = left + cell * len(labels) + 10, top + cell * len(labels) + 10
    peak = max((v for row in matrix for v in row), default=0) or 1
    out = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" '
        f'width="{size_w}" height="{size_h}" viewBox="0 0 {size_w} {size_h}">',
        f'<text x="4" y="16" font-size="13" font-weight="bold">{escape(title)}</text>',
        '<text x="4" y="34" font-size="10">rows: expected, columns: predicted</text>',
    ]
    for i, label in enumerate(labels):
        out.append(
            f'<text x="{left - 4}" y="{top + i * cell + cell * 0.65}" font-size="10" text-anchor="end">{escape(label)}</text>'
        )
        cx = left + i * cell + cell / 2
        out.append(
            f'<text transform="translate({cx},{top - 4}) rotate(-60)" font-size="10">{escape(label)}</text>'
        )
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            share = value / peak
            color = f"rgba(47,111,223,{0.08 + 0.92 * share:.2f})" if value else "#f6f6f6"
            if value and i != j:
                color = f"rgba(201,54,62,{0.15 + 0.85 * share:.2f})"
            x, y = left + j * cell, top + i * cell
            out.append(
                f'<rect class="cell" x="{x}" y="{y}" width="{cell - 1}" height="{cell - 1}" fill="{color}">'
                f"<title>expected {escape(labels[i])}, predicted {escape(labels[j])}: {value}</title></rect>"
            )
            if value:
                fill = "#fff" if share > 0.5 else "#222"
                out.append(
                    f'<text x="{x + cell / 2 - 0.5}" y="{y + cell * 0.65}" font-size="10" text-anchor="middle" fill="{fill}">{value}</text>'
                )
    out.append("</svg>")
    return "".join(out)


def histogram(values: list[float], *, title: str, unit: str = "ms", bins: int = 20) -> str:
    width, h, top, left = 520, 160, 30, 36
    out = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" '
        f'width="{width}" height="{h + top + 40}" viewBox="0 0 {width} {h + top + 40}">',
        f'<text x="4" y="16" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    if not values:
        out.append('<text x="40" y="80" font-size="12">no timings</text></svg>')
        return "".join(out)
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1.0
    counts = [0] * bins
    for v in values:
        counts[min(int((v - lo) / span * bins), bins - 1)] += 1
    peak, bw = max(counts), (width - left - 10) / bins
    for i, count in enumerate(counts):
        bh = count / peak * h
        x = left + i * bw
        out.append(
            f'<rect class="bar" x="{x:.1f}" y="{top + h - bh:.1f}" width="{bw - 1:.1f}" height="{bh:.1f}" fill="{PALETTE[0]}">'
            f"<title>{lo + i * span / bins:.1f}-{lo + (i + 1) * span / bins:.1f} {unit}: {count}</title></rect>"
        )
    out.append(
        f'<text x="2" y="{top + 8}" font-size="10">{peak}</text>'
        f'<text x="{left}" y="{top + h + 14}" font-size="10">{lo:.1f} {unit}</text>'
        f'<text x="{width - 10}" y="{top + h + 14}" font-size="10" text-anchor="end">{hi:.1f} {unit}</text>'
        f'<text x="{width / 2}" y="{top + h + 32}" font-size="11" text-anchor="middle">per-case pipeline time ({unit})</text>'
    )
    out.append("</svg>")
    return "".join(out)
