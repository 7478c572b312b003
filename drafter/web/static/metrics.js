// First-response times per platform: a table and an inline SVG chart. One unit for the whole chart (minutes
// when every p90 is under two hours, else hours), so bars, labels and table read the same.
"use strict";

function fmtDuration(seconds) {
  if (seconds === null || seconds === undefined) return "–";
  if (seconds < 3600) return `${fmtNumber(Math.round(seconds / 60))} ${t("unit.min")}`;
  return `${fmtNumber(seconds / 3600, { maximumFractionDigits: 1 })} ${t("unit.h")}`;
}

const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

async function loadMetrics() {
  for (const option of $("#m-days").options) option.textContent = t("metrics.days", { n: fmtNumber(Number(option.value)) });
  const report = await api(`/v1/review/metrics?days=${$("#m-days").value}`);
  const rows = [...report.platforms, report.overall];
  const body = $("#metrics-table tbody");
  body.replaceChildren();
  for (const r of rows) {
    const tr = el("tr", { class: r.platform === "all" ? "all" : "" });
    tr.append(r.platform === "all" ? el("td", { text: t("metrics.all") }) : el("td", {}, data("span", r.platform)));
    for (const v of [fmtNumber(r.messages), fmtNumber(r.replied), fmtDuration(r.median_s), fmtDuration(r.p90_s),
      fmtPct(r.within_deadline_share), fmtPct(r.auto_reply_share), fmtNumber(r.awaiting_send ?? 0), fmtNumber(r.open),
      fmtNumber(r.open_overdue)]) {
      tr.append(el("td", { text: String(v) }));
    }
    body.append(tr);
  }
  drawChart($("#metrics-chart"), report.platforms);
}

function chartUnit(rows) {
  const longest = Math.max(0, ...rows.map((r) => r.p90_s || 0));
  return longest < 7200 ? { key: "unit.min", seconds: 60 } : { key: "unit.h", seconds: 3600 };
}

function drawChart(box, rows) {
  const width = 860, rowH = 44, top = 30, labelW = 90, valueW = 150, shareW = 160;
  const barW = width - labelW - valueW - shareW;
  const height = top + Math.max(1, rows.length) * rowH + 8;
  const unit = chartUnit(rows);
  const inUnit = (s) => (s || 0) / unit.seconds;
  const fmtValue = (s) => `${fmtNumber(inUnit(s), { maximumFractionDigits: unit.seconds === 60 ? 0 : 1 })} ${t(unit.key)}`;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img", "aria-label": t("chart.label") });
  chart.append(svg("text", { x: 0, y: 14 }, t("chart.title", { unit: t(unit.key) })));
  chart.append(svg("text", { x: width, y: 14, "text-anchor": "end", class: "axis" }, t("chart.shares")));
  const max = Math.max(1e-9, ...rows.map((r) => inUnit(r.p90_s)));
  const scale = (v) => Math.max(v > 0 ? 2 : 0, (barW * v) / max);
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    chart.append(svg("text", { x: 0, y: y + 20, translate: "no" }, r.platform));
    chart.append(svg("rect", { x: labelW, y: y + 4, width: barW, height: 24, rx: 3, fill: "#f1f3f6" }));
    chart.append(svg("rect", { x: labelW, y: y + 4, width: scale(inUnit(r.p90_s)), height: 24, rx: 3, fill: "#b9c8f3" }));
    chart.append(svg("rect", { x: labelW, y: y + 10, width: scale(inUnit(r.median_s)), height: 12, rx: 2, fill: "#2754c5" }));
    chart.append(svg("text", { x: labelW + barW + 8, y: y + 20, class: "axis" },
      r.replied ? `${fmtValue(r.median_s)} / ${fmtValue(r.p90_s)}` : t("chart.noReplies")));
    const share = r.within_deadline_share;
    const color = share === null ? "#667085" : share >= 0.95 ? "#1e8e3e" : share >= 0.8 ? "#b76e00" : "#d93025";
    chart.append(svg("text", { x: width, y: y + 20, "text-anchor": "end", fill: color, "font-weight": "600" },
      `${fmtPct(share)} · ${fmtPct(r.auto_reply_share)}`));
  });
  if (!rows.length) chart.append(svg("text", { x: labelW, y: top + 20, class: "axis" }, t("chart.empty")));
  box.replaceChildren(chart);
}
