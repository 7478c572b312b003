// Drafter's review page: plain JS over the JSON API. Every text from a buyer or a draft is inserted with
// textContent, never as HTML: buyer messages are untrusted input.
"use strict";

const KEY_STORE = "drafter.apiKey";
const PARTS = ["restatement", "solution", "commitment"];
const $ = (sel, root = document) => root.querySelector(sel);
const state = { key: sessionStorage.getItem(KEY_STORE), me: null, queue: [], selected: null, draft: null,
                original: null, lintSeq: 0, lintTimer: null };

// ------------------------------------------------------------------ API

class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status; this.code = body && body.code; this.details = body && body.details;
  }
}

async function api(path, { method = "GET", body } = {}) {
  const headers = { Authorization: `Bearer ${state.key}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = res.headers.get("content-type")?.includes("json") ? await res.json() : null;
  if (res.status === 401 && path !== "/v1/review/me") { signOut("Your session ended; sign in again."); }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

// ------------------------------------------------------------------ helpers

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v; else if (k === "text") node.textContent = v; else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

const label = (value) => String(value || "").replaceAll("_", " ");

function timeLeft(deadline, now = Date.now()) {
  const ms = new Date(deadline).getTime() - now;
  const mins = Math.round(Math.abs(ms) / 60000);
  const d = Math.floor(mins / 1440), h = Math.floor((mins % 1440) / 60), m = mins % 60;
  const span = d ? `${d}d ${h}h` : h ? `${h}h ${String(m).padStart(2, "0")}m` : `${m}m`;
  return { text: ms < 0 ? `overdue ${span}` : `${span} left`, cls: ms < 0 ? "overdue" : ms < 3600000 ? "soon" : "" };
}

// Times read in the store's own time zone (its deadlines are set there), with the zone named.
function fmtDate(value) {
  const opts = { dateStyle: "medium", timeStyle: "short" };
  try {
    const text = new Date(value).toLocaleString(undefined, { ...opts, timeZone: state.me?.timezone });
    return state.me ? `${text} (${state.me.timezone})` : text;
  } catch { return new Date(value).toLocaleString(undefined, opts); }
}

function fmtDuration(seconds) {
  if (seconds === null || seconds === undefined) return "–";
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

const pct = (share) => (share === null || share === undefined ? "–" : `${Math.round(share * 100)}%`);

let toastTimer = null;
function toast(text) {
  const node = $("#toast");
  node.textContent = text; node.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { node.hidden = true; }, 3000);
}

// ------------------------------------------------------------------ sign in

async function signIn(key) {
  state.key = key;
  try {
    state.me = await api("/v1/review/me");
  } catch (err) {
    state.key = null;
    throw err;
  }
  sessionStorage.setItem(KEY_STORE, key);
  $("#login").hidden = true;
  for (const id of ["app", "tabs", "logout", "help-button"]) $(`#${id}`).hidden = false;
  $("#store-name").textContent = state.me.name;
  fillFilters();
  await loadQueue();
}

function signOut(message = "") {
  sessionStorage.removeItem(KEY_STORE);
  Object.assign(state, { key: null, me: null, queue: [], selected: null, draft: null });
  for (const id of ["app", "tabs", "logout", "help-button"]) $(`#${id}`).hidden = true;
  $("#store-name").textContent = "";
  $("#login").hidden = false;
  $("#login-error").textContent = message;
  $("#api-key").focus();
}

function fillFilters() {
  const fill = (id, values) => {
    const select = $(id);
    select.length = 1;
    for (const v of values) select.append(el("option", { value: v, text: label(v) }));
  };
  fill("#f-risk", state.me.risks);
  fill("#f-intent", state.me.intents);
  fill("#f-language", state.me.languages);
  fill("#f-platform", state.me.platforms);
}

// ------------------------------------------------------------------ queue

function queueQuery() {
  const params = new URLSearchParams({ limit: "200" });
  const status = $("#f-status").value;
  for (const s of status === "open" ? ["pending_review", "escalated"] : [status]) params.append("status", s);
  for (const name of ["risk", "intent", "language", "platform"]) {
    const value = $(`#f-${name}`).value;
    if (value) params.set(name, value);
  }
  return params.toString();
}

async function loadQueue({ keepSelection = true, background = false } = {}) {
  const data = await api(`/v1/drafts?${queueQuery()}`);
  state.queue = data.items;
  renderQueue();
  if (background) return; // a refresh never replaces the draft being read or edited
  const stillThere = keepSelection && state.queue.find((d) => d.draft_id === state.selected);
  if (!stillThere) {
    if (state.queue.length) await select(state.queue[0].draft_id); else clearDetail();
  }
}

function renderQueue() {
  const list = $("#queue-list");
  list.replaceChildren();
  const now = Date.now();
  for (const item of state.queue) {
    const left = timeLeft(item.sla_deadline, now);
    const li = el("li", { class: "queue-item", "data-id": item.draft_id, "data-risk": item.risk, tabindex: "-1" },
      el("span", { class: `risk-dot risk-${item.risk}`, title: `${item.risk} risk` }),
      el("span", { class: "q-intent", text: label(item.intent) }),
      el("span", { class: `q-left ${left.cls}`, text: left.text, title: `Deadline ${fmtDate(item.sla_deadline)}` }),
      el("span", { class: "q-meta", text: `${item.platform} · ${item.language}${item.status === "escalated" ? " · escalated" : ""}` }),
      el("span", { class: "q-excerpt", text: item.excerpt }));
    if (item.draft_id === state.selected) li.classList.add("selected");
    li.addEventListener("click", () => select(item.draft_id));
    list.append(li);
  }
  $("#queue-count").textContent = `${state.queue.length} draft${state.queue.length === 1 ? "" : "s"}, soonest deadline first`;
}

function move(step) {
  if (!state.queue.length) return;
  const index = state.queue.findIndex((d) => d.draft_id === state.selected);
  const next = Math.min(state.queue.length - 1, Math.max(0, index + step));
  if (index === -1 || next !== index) select(state.queue[index === -1 ? 0 : next].draft_id);
}

// ------------------------------------------------------------------ one draft

function clearDetail() {
  state.selected = null; state.draft = null;
  $("#detail").replaceChildren(el("p", { class: "empty", text: "Nothing waiting for review. Well done." }));
}

async function select(draftId) {
  state.selected = draftId;
  for (const li of document.querySelectorAll(".queue-item")) li.classList.toggle("selected", li.dataset.id === draftId);
  $(`.queue-item[data-id="${CSS.escape(draftId)}"]`)?.scrollIntoView({ block: "nearest" });
  const [draft, audit] = await Promise.all([api(`/v1/drafts/${draftId}`), api(`/v1/drafts/${draftId}/audit`)]);
  if (state.selected !== draftId) return; // the reviewer moved on meanwhile
  state.draft = draft;
  state.original = Object.fromEntries(PARTS.map((p) => [p, draft.draft[p]]));
  renderDetail(draft, audit);
}

function renderDetail(d, audit) {
  const node = $("#detail-template").content.cloneNode(true);
  $(".risk-dot", node).classList.add(`risk-${d.risk}`);
  $(".risk-dot", node).title = `${d.risk} risk`;
  $(".d-intent", node).textContent = label(d.intent);
  $(".d-status", node).textContent = label(d.status);
  $(".d-status", node).classList.add(`st-${d.status}`);
  $(".d-platform", node).textContent = d.platform;
  $(".d-language", node).textContent = d.language;
  $(".d-confidence", node).textContent = `confidence ${Math.round(d.confidence * 100)}%`;
  const left = timeLeft(d.sla_deadline);
  const deadline = $(".d-deadline", node);
  deadline.append(el("span", { class: left.cls, text: left.text }), ` · due ${fmtDate(d.sla_deadline)}`);
  if (d.escalation_deadline) deadline.append(el("span", { class: "overdue", text: ` · escalate by ${fmtDate(d.escalation_deadline)}` }));

  const thread = $(".thread", node);
  for (const m of d.thread || []) {
    thread.append(el("li", { class: m.author }, el("span", { class: "who", text: m.author === "seller" ? "You" : "Buyer" }), m.text));
  }
  $(".buyer-text", node).textContent = d.message_text;
  if (d.flags.length || d.injection) {
    $(".flags", node).textContent = [...d.flags.map(label), ...(d.injection ? ["instructions aimed at Drafter in the message"] : [])].join(" · ");
  }
  renderOrder($(".order", node), d.order);
  const faq = $(".faq", node);
  for (const hit of d.faq) {
    faq.append(el("li", {}, el("strong", { text: hit.question }), " ", el("span", { class: "faq-id", text: `${hit.id} · ${hit.score.toFixed(2)}` }),
      el("div", { class: "muted", text: hit.answer })));
  }
  if (!d.faq.length) faq.append(el("li", { class: "muted", text: "none" }));
  const reasons = $(".reasons", node);
  for (const r of d.route_reasons) reasons.append(el("li", { text: r }));
  for (const w of d.warnings) reasons.append(el("li", { class: "muted", text: w }));

  for (const part of PARTS) {
    const area = $(`.part[data-part="${part}"] textarea`, node);
    area.value = d.draft[part];
    area.addEventListener("input", () => { autosize(area); scheduleLint(); });
  }
  $(".approve", node).addEventListener("click", approve);
  $(".save", node).addEventListener("click", save);
  $(".reject", node).addEventListener("click", reject);
  const auditList = $(".audit", node);
  for (const e of audit) {
    const extra = e.details.reason || (e.details.rules || []).join(", ") || (e.details.changed || []).join(", ");
    auditList.append(el("li", {}, el("time", { text: fmtDate(e.at) }), `${label(e.action)} by ${e.actor}${extra ? ` (${extra})` : ""}`));
  }
  $("#detail").replaceChildren(node);
  $("#detail").scrollTop = 0;
  for (const area of document.querySelectorAll("#detail textarea")) autosize(area);
  renderLint(d.lint, d.draft.text);
}

function renderOrder(dl, order) {
  if (!order) { dl.append(el("dd", { class: "muted", text: "No order found for this message." })); return; }
  const rows = [["Order", order.order_id], ["Status", label(order.status)], ["Carrier", order.carrier],
    ["Tracking", order.tracking_number], ["Shipped", order.shipped_at], ["Estimated delivery", order.estimated_delivery],
    ["Delivered", order.delivered_at], ["Destination", order.destination_country],
    ["Items", (order.items || []).map((i) => `${i.quantity} × ${i.title}${i.size ? ` (${i.size})` : ""}`).join("; ")]];
  for (const [k, v] of rows) if (v) dl.append(el("dt", { text: k }), el("dd", { text: String(v) }));
  const last = (order.tracking_events || []).at(-1);
  if (last) dl.append(el("dt", { text: "Last scan" }), el("dd", { text: `${fmtDate(last.at)} · ${last.description}${last.location ? `, ${last.location}` : ""}` }));
}

function autosize(area) {
  area.style.height = "auto";
  area.style.height = `${area.scrollHeight + 2}px`;
}

function currentParts() {
  return Object.fromEntries(PARTS.map((p) => [p, $(`#detail .part[data-part="${p}"] textarea`).value]));
}

function changedParts() {
  const parts = currentParts();
  return Object.fromEntries(Object.entries(parts).filter(([k, v]) => v !== state.original[k]));
}

// ------------------------------------------------------------------ lint, highlighted in the parts

function scheduleLint() {
  clearTimeout(state.lintTimer);
  state.lintTimer = setTimeout(relint, 300);
}

async function relint() {
  const seq = ++state.lintSeq;
  const draftId = state.selected;
  const parts = currentParts();
  if (PARTS.some((p) => !parts[p].trim())) {
    renderLint({ ok: false, violations: [] }, null, "Every part needs some text.");
    return;
  }
  try {
    const res = await api(`/v1/review/drafts/${draftId}/lint`, { method: "POST", body: parts });
    if (seq === state.lintSeq && draftId === state.selected) renderLint(res.lint, res.text);
  } catch (err) {
    if (seq === state.lintSeq) renderLint({ ok: false, violations: [] }, null, err.message);
  }
}

// Where each part sits in the joined text the server linted (parts are trimmed and joined by a blank line).
function partOffsets(parts) {
  const offsets = {};
  let pos = 0;
  for (const p of PARTS) {
    const raw = parts[p], trimmed = raw.trim();
    if (!trimmed) continue;
    offsets[p] = { start: pos, end: pos + trimmed.length, lead: raw.length - raw.trimStart().length };
    pos += trimmed.length + 2;
  }
  return offsets;
}

function renderLint(lint, text, problem = "") {
  const parts = currentParts();
  const offsets = partOffsets(parts);
  const joinedMatches = text === null || text === undefined ||
    text === PARTS.map((p) => parts[p].trim()).filter(Boolean).join("\n\n");
  for (const p of PARTS) {
    const backdrop = $(`#detail .part[data-part="${p}"] .hl-backdrop`);
    const raw = parts[p];
    const marks = [];
    const o = offsets[p];
    if (o && joinedMatches) {
      for (const v of lint.violations) {
        const s = Math.max(v.span[0], o.start), e = Math.min(v.span[1], o.end);
        if (s < e) marks.push({ s: s - o.start + o.lead, e: e - o.start + o.lead, v });
      }
    }
    marks.sort((a, b) => a.s - b.s);
    const nodes = [];
    let at = 0;
    for (const m of marks) {
      if (m.s < at) continue; // overlapping spans: the first one is enough to draw the eye
      nodes.push(raw.slice(at, m.s));
      nodes.push(el("mark", { class: m.v.severity, title: m.v.message, "data-rule": m.v.rule_id, text: raw.slice(m.s, m.e) }));
      at = m.e;
    }
    nodes.push(raw.slice(at) + "\u200b"); // keeps a trailing newline's height
    backdrop.replaceChildren(...nodes);
  }
  const blocking = lint.violations.filter((v) => v.severity === "block");
  const status = $("#detail .lint-status");
  status.className = `lint-status ${problem || blocking.length ? "blocked" : lint.violations.length ? "warned" : "ok"}`;
  status.textContent = problem || (blocking.length
    ? `Blocked: ${blocking.length} rule${blocking.length === 1 ? "" : "s"} must be fixed before approval`
    : lint.violations.length ? "Lint passed with warnings" : "Lint clean");
  const list = $("#detail .violations");
  list.replaceChildren();
  for (const v of lint.violations) {
    const li = el("li", { class: v.severity, "data-rule": v.rule_id },
      el("strong", { text: v.severity === "block" ? "Blocks: " : "Warning: " }), v.message, " ",
      el("span", { class: "excerpt", text: v.excerpt }), el("span", { class: "rule", text: v.rule_id }));
    if (v.suggestion) li.append(el("div", { class: "muted", text: `Suggestion: ${v.suggestion}` }));
    list.append(li);
  }
}

// ------------------------------------------------------------------ decisions

function banner(text, ok = false) {
  const node = $("#detail .banner");
  node.textContent = text; node.hidden = !text; node.classList.toggle("ok", ok);
}

async function afterDecision(message) {
  const index = state.queue.findIndex((d) => d.draft_id === state.selected);
  state.queue.splice(index, 1);
  renderQueue();
  toast(message);
  if (state.queue.length) await select(state.queue[Math.min(index, state.queue.length - 1)].draft_id);
  else await loadQueue({ keepSelection: false });
}

async function approve() {
  if (!state.draft) return;
  const changed = changedParts();
  const button = $("#detail .approve");
  button.disabled = true;
  try {
    await api(`/v1/drafts/${state.selected}/approve`, { method: "POST", body: Object.keys(changed).length ? changed : undefined });
    await afterDecision("Approved. The reply is queued for delivery.");
  } catch (err) {
    if (err.code === "lint_blocked" && err.details) {
      renderLint(err.details, null);
      const rules = [...new Set(err.details.violations.filter((v) => v.severity === "block").map((v) => v.rule_id))];
      banner(`Approval blocked: ${rules.join(", ")}. Fix the highlighted text and approve again.`);
      state.original = currentParts(); // the edits were saved with the refused approval
    } else {
      banner(err.message);
    }
    const still = $("#detail .approve");
    if (still) still.disabled = false;
  }
}

async function save() {
  const changed = changedParts();
  if (!Object.keys(changed).length) { toast("Nothing changed."); return; }
  try {
    const d = await api(`/v1/drafts/${state.selected}`, { method: "PATCH", body: changed });
    state.draft = d; state.original = currentParts();
    renderLint(d.lint, d.draft.text);
    banner(d.lint.ok ? "Saved." : "Saved, but a blocking rule still fires.", d.lint.ok);
  } catch (err) { banner(err.message); }
}

async function reject() {
  const input = $("#detail .reject-reason");
  const reason = input.value.trim();
  if (!reason) { banner("Write a reason before rejecting."); input.focus(); return; }
  try {
    await api(`/v1/drafts/${state.selected}/reject`, { method: "POST", body: { reason } });
    await afterDecision("Rejected.");
  } catch (err) { banner(err.message); }
}

// ------------------------------------------------------------------ metrics (inline SVG)

const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

async function loadMetrics() {
  const report = await api(`/v1/review/metrics?days=${$("#m-days").value}`);
  const rows = [...report.platforms, report.overall];
  const body = $("#metrics-table tbody");
  body.replaceChildren();
  for (const r of rows) {
    const tr = el("tr", { class: r.platform === "all" ? "all" : "" });
    for (const v of [r.platform === "all" ? "All platforms" : r.platform, r.messages, r.replied, fmtDuration(r.median_s),
      fmtDuration(r.p90_s), pct(r.within_deadline_share), pct(r.auto_reply_share), r.open, r.open_overdue]) {
      tr.append(el("td", { text: String(v) }));
    }
    body.append(tr);
  }
  drawChart($("#metrics-chart"), report.platforms);
}

function drawChart(box, rows) {
  // Columns: platform | bars (median over p90) | the two values | share in time and auto-sent.
  const width = 860, rowH = 44, top = 30, labelW = 90, valueW = 120, shareW = 190;
  const barW = width - labelW - valueW - shareW;
  const height = top + Math.max(1, rows.length) * rowH + 8;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img",
    "aria-label": "Median and p90 hours to first reply per platform" });
  chart.append(svg("text", { x: 0, y: 14 }, "Hours to first reply: median (dark) over p90 (light)"));
  chart.append(svg("text", { x: width, y: 14, "text-anchor": "end", class: "axis" }, "within deadline · auto-sent"));
  const maxH = Math.max(1, ...rows.map((r) => (r.p90_s || 0) / 3600));
  const scale = (hours) => Math.max(hours > 0 ? 2 : 0, (barW * hours) / maxH);
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    chart.append(svg("text", { x: 0, y: y + 20 }, r.platform));
    const p90 = (r.p90_s || 0) / 3600, med = (r.median_s || 0) / 3600;
    chart.append(svg("rect", { x: labelW, y: y + 4, width: barW, height: 24, rx: 3, fill: "#f1f3f6" }));
    chart.append(svg("rect", { x: labelW, y: y + 4, width: scale(p90), height: 24, rx: 3, fill: "#b9c8f3" }));
    chart.append(svg("rect", { x: labelW, y: y + 10, width: scale(med), height: 12, rx: 2, fill: "#2754c5" }));
    chart.append(svg("text", { x: labelW + barW + 8, y: y + 20, class: "axis" },
      r.replied ? `${med.toFixed(1)} h / ${p90.toFixed(1)} h` : "no replies yet"));
    const share = r.within_deadline_share;
    const color = share === null ? "#667085" : share >= 0.95 ? "#1e8e3e" : share >= 0.8 ? "#b76e00" : "#d93025";
    chart.append(svg("text", { x: width, y: y + 20, "text-anchor": "end", fill: color, "font-weight": "600" },
      `${pct(share)} · ${pct(r.auto_reply_share)}`));
  });
  if (!rows.length) chart.append(svg("text", { x: labelW, y: top + 20, class: "axis" }, "No messages in this window yet."));
  box.replaceChildren(chart);
}

// ------------------------------------------------------------------ wiring

function showView(viewId) {
  for (const tab of document.querySelectorAll(".tab")) tab.classList.toggle("active", tab.dataset.view === viewId);
  $("#queue-view").hidden = viewId !== "queue-view";
  $("#metrics-view").hidden = viewId !== "metrics-view";
  if (viewId === "metrics-view") loadMetrics().catch((err) => toast(err.message));
}

function onKey(event) {
  if (!state.me) return;
  const typing = event.target.matches("input, textarea, select");
  if ((event.ctrlKey || event.metaKey) && event.key === "Enter") { event.preventDefault(); approve(); return; }
  if (event.key === "Escape") { $("#help").hidden = true; if (typing) event.target.blur(); return; }
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
  const actions = {
    j: () => move(1), ArrowDown: () => move(1), n: () => move(1), k: () => move(-1), ArrowUp: () => move(-1),
    a: approve, r: () => $("#detail .reject-reason")?.focus(), e: () => $("#detail textarea")?.focus(),
    "?": () => { $("#help").hidden = !$("#help").hidden; },
  };
  const action = actions[event.key];
  if (action && !$("#queue-view").hidden) { event.preventDefault(); action(); }
}

function init() {
  $("#login-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("#login-error").textContent = "";
    try { await signIn($("#api-key").value.trim()); $("#api-key").value = ""; }
    catch (err) { $("#login-error").textContent = err.status === 401 ? "That API key is unknown or revoked." : err.message; }
  });
  $("#logout").addEventListener("click", () => signOut());
  $("#help-button").addEventListener("click", () => { $("#help").hidden = !$("#help").hidden; });
  $("#help").addEventListener("click", () => { $("#help").hidden = true; });
  for (const tab of document.querySelectorAll(".tab")) tab.addEventListener("click", () => showView(tab.dataset.view));
  for (const id of ["#f-status", "#f-risk", "#f-intent", "#f-language", "#f-platform"]) {
    $(id).addEventListener("change", () => loadQueue({ keepSelection: false }).catch((err) => toast(err.message)));
  }
  $("#refresh").addEventListener("click", () => loadQueue().catch((err) => toast(err.message)));
  $("#m-days").addEventListener("change", () => loadMetrics().catch((err) => toast(err.message)));
  document.addEventListener("keydown", onKey);
  // New drafts appear and the time left keeps counting down without a reload.
  setInterval(() => { if (state.me) loadQueue({ background: true }).catch(() => renderQueue()); }, 30000);
  if (state.key) signIn(state.key).catch(() => signOut()); else signOut();
}

init();
