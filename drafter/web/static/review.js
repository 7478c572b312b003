// Drafter's review page: plain JS over the JSON API. Sign-in, the queue, history and search, deep links
// (/review/drafts/{id}), keyboard shortcuts. The detail of a draft is in detail.js, decisions in actions.js.
"use strict";

const LEGACY_KEY_COOKIE = "drafter_key";
const $ = (sel, root = document) => root.querySelector(sel);
const state = { session: null, csrf: null, me: null, queue: [], selected: null, draft: null, original: null, lintSeq: 0, lintTimer: null };

// ------------------------------------------------------------------ the session
// Signing in (e-mail and password, or an API key) sets an HttpOnly, SameSite=Strict cookie that no script
// can read; the page keeps only the CSRF token it got back and sends it on every change (X-CSRF-Token).
// The key is never stored by the page. Earlier versions kept it in a cookie: that one is dropped.

function dropLegacyKey() { document.cookie = `${LEGACY_KEY_COOKIE}=; Path=/review; Max-Age=0; SameSite=Strict`; }

// ------------------------------------------------------------------ API

class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || t("err.http", { status }));
    this.status = status; this.code = body && body.code; this.details = body && body.details;
  }
}

async function api(path, { method = "GET", body } = {}) {
  const headers = {};
  if (method !== "GET" && state.csrf) headers["X-CSRF-Token"] = state.csrf;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const payload = res.headers.get("content-type")?.includes("json") ? await res.json() : null;
  if (res.status === 401 && !path.startsWith("/v1/auth/")) { signOut(t("login.ended")); }
  if (!res.ok) throw new ApiError(res.status, payload);
  return payload;
}

// The drafts' reviewer-language versions follow the page's language.
const reviewerLanguage = () => (i18n.locale.startsWith("zh") ? "zh" : "en");
const draftQuery = () => `?reviewer_language=${reviewerLanguage()}`;

let toastTimer = null;
function toast(text) {
  const node = $("#toast");
  node.textContent = text; node.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { node.hidden = true; }, 3000);
}

// ------------------------------------------------------------------ sign in

async function signIn(credentials) {
  const session = await api("/v1/auth/login", { method: "POST", body: credentials });
  await start(session);
}

async function start(session) {
  state.session = session;
  state.csrf = session.csrf_token;
  state.me = await api("/v1/review/me");
  dropLegacyKey();
  if (!localStorage.getItem(UI_LOCALE_KEY) && state.me.reviewer_language === "zh" && i18n.locale !== "zh-CN") {
    await switchLocale("zh-CN", { reload: false });
  }
  $("#login").hidden = true;
  for (const id of ["app", "tabs", "logout", "help-button"]) $(`#${id}`).hidden = false;
  $("#store-name").textContent = state.me.name;
  $("#user-name").textContent = session.user_id ? session.name : "";
  fillFilters();
  await route();
}

// The sign-out button: let go of the open draft, end the session on the server, then show the sign-in.
async function logOut() {
  await releaseLock();
  await api("/v1/auth/logout", { method: "POST" }).catch(() => {});
  signOut();
}

function signOut(message = "") {
  if (state.lock) clearInterval(state.lock.timer);
  Object.assign(state, { session: null, csrf: null, me: null, lock: null, queue: [], selected: null, draft: null });
  for (const id of ["app", "tabs", "logout", "help-button"]) $(`#${id}`).hidden = true;
  $("#store-name").textContent = "";
  $("#user-name").textContent = "";
  $("#login").hidden = false;
  $("#login-error").textContent = message;
  $("#email").focus();
}

function fillFilters() {
  const fill = (id, values, name) => {
    const select = $(id);
    select.length = 1;
    for (const v of values) select.append(el("option", { value: v, text: name(v), ...(name === String ? { translate: "no" } : {}) }));
  };
  fill("#f-risk", state.me.risks, (v) => t(`risk.${v}`));
  fill("#f-intent", state.me.intents, (v) => t(`intent.${v}`));
  fill("#f-language", state.me.languages, languageName);
  fill("#f-platform", state.me.platforms, String);
  fill("#h-platform", state.me.platforms, String);
}

// ------------------------------------------------------------------ queue

function queueQuery() {
  const params = new URLSearchParams({ limit: "200" });
  const status = $("#f-status").value;
  for (const s of status === "open" ? ["pending_review", "escalated"] : [status]) params.append("status", s);
  for (const name of ["risk", "intent", "language", "platform", "assignee"]) {
    const value = $(`#f-${name}`).value;
    if (value) params.set(name, value);
  }
  return params.toString();
}

async function loadQueue({ keepSelection = true, background = false } = {}) {
  const page = await api(`/v1/drafts?${queueQuery()}`);
  state.queue = page.items;
  renderQueue();
  if (background) return; // a refresh never replaces the draft being read or edited
  const stillThere = keepSelection && state.selected;
  if (!stillThere) {
    if (state.queue.length) await select(state.queue[0].draft_id, { replace: true }); else clearDetail();
  }
}

function renderQueue() {
  const list = $("#queue-list");
  list.replaceChildren();
  const now = Date.now();
  for (const item of state.queue) {
    const left = timeLeft(item.sla_deadline, now);
    const li = el("li", { class: "queue-item", "data-id": item.draft_id, "data-risk": item.risk, tabindex: "-1" },
      el("span", { class: `risk-word risk-${item.risk}`, text: t(`risk.${item.risk}`) }),
      el("span", { class: "q-intent", text: t(`intent.${item.intent}`) }),
      el("span", { class: `q-left ${left.cls}`, text: left.text, title: fmtDate(item.sla_deadline, state.me?.timezone) }),
      el("span", { class: "q-meta" }, data("span", item.platform), ` · ${languageName(item.language)}${item.status === "escalated" ? ` · ${t("queue.escalated")}` : ""}`),
      teamLine(item),
      data("span", item.excerpt, { class: "q-excerpt" }));
    if (item.draft_id === state.selected) li.classList.add("selected");
    li.addEventListener("click", () => select(item.draft_id));
    list.append(li);
  }
  $("#queue-count").textContent = t("queue.count", { n: fmtNumber(state.queue.length) });
}

function move(step) {
  if (!state.queue.length) return;
  const index = state.queue.findIndex((d) => d.draft_id === state.selected);
  const next = Math.min(state.queue.length - 1, Math.max(0, index + step));
  if (index === -1 || next !== index) select(state.queue[index === -1 ? 0 : next].draft_id);
}

function clearDetail() {
  state.selected = null; state.draft = null;
  $("#detail").replaceChildren(el("p", { class: "empty", text: t("queue.empty") }),
    el("p", { class: "muted", text: t("queue.emptyHint") }));
}

// Selecting a draft gives it its own address: /review/drafts/{id} can be bookmarked, shared, reloaded.
async function select(draftId, { replace = false } = {}) {
  const path = `/review/drafts/${draftId}`;
  if (location.pathname !== path) history[replace ? "replaceState" : "pushState"]({}, "", path);
  await openDraft(draftId);
}

async function openDraft(draftId) {
  if (state.lock && state.lock.draftId !== draftId) releaseLock();
  state.selected = draftId;
  for (const li of document.querySelectorAll(".queue-item")) li.classList.toggle("selected", li.dataset.id === draftId);
  $(`.queue-item[data-id="${CSS.escape(draftId)}"]`)?.scrollIntoView({ block: "nearest" });
  let draft, audit;
  try {
    [draft, audit] = await Promise.all([api(`/v1/drafts/${draftId}${draftQuery()}`), api(`/v1/drafts/${draftId}/audit`)]);
  } catch (err) {
    if (err.status === 404) { $("#detail").replaceChildren(el("p", { class: "empty", text: t("detail.notFound") })); return; }
    throw err;
  }
  if (state.selected !== draftId) return; // the reviewer moved on meanwhile
  state.draft = draft;
  state.original = Object.fromEntries(PARTS.map((p) => [p, draft.draft[p]]));
  renderDetail(draft, audit);
  await holdLock(draft);
}

// ------------------------------------------------------------------ history and search

const HISTORY = {
  decided: { status: ["approved", "sent", "rejected"] }, sent: { status: ["sent"] },
  auto: { route: "auto_send", status: ["approved", "sent"] }, awaiting: { status: ["approved"] },
  rejected: { status: ["rejected"] }, all: {},
};

async function loadHistory() {
  const params = new URLSearchParams({ limit: "200", sort: "recent" });
  const choice = HISTORY[$("#h-status").value] || {};
  for (const s of choice.status || []) params.append("status", s);
  if (choice.route) params.set("route", choice.route);
  if ($("#h-platform").value) params.set("platform", $("#h-platform").value);
  const q = $("#h-search").value.trim();
  if (q) params.set("q", q);
  const page = await api(`/v1/drafts?${params}`);
  const body = $("#history-table tbody");
  body.replaceChildren();
  for (const item of page.items) {
    const tr = el("tr", { "data-id": item.draft_id, tabindex: "0" },
      el("td", { text: fmtDate(item.received_at, state.me?.timezone) }),
      el("td", {}, el("span", { class: `badge st-${item.status}`, text: t(`status.${item.status}`) }),
        item.route === "auto_send" ? el("span", { class: "muted", text: ` ${t("history.auto")}` }) : ""),
      el("td", {}, data("span", item.platform)), el("td", {}, data("span", item.order_id || "–")),
      el("td", {}, data("span", item.excerpt, { class: "q-excerpt" })));
    tr.addEventListener("click", () => navigate(`/review/drafts/${item.draft_id}`));
    body.append(tr);
  }
  $("#history-count").textContent = page.items.length ? t("history.count", { n: fmtNumber(page.items.length) }) : t("history.empty");
}

// ------------------------------------------------------------------ views and addresses

function showView(viewId) {
  for (const tab of document.querySelectorAll(".tab")) tab.classList.toggle("active", tab.dataset.view === viewId);
  for (const id of ["queue-view", "history-view", "metrics-view", "kit-view"]) $(`#${id}`).hidden = viewId !== id;
}

async function route() {
  const path = location.pathname.replace(/\/+$/, "");
  const draft = path.match(/^\/review\/drafts\/([\w-]+)$/);
  if (path === "/review/history") { showView("history-view"); await loadHistory(); return; }
  if (path === "/review/metrics") { showView("metrics-view"); await loadMetrics(); return; }
  if (path === "/review/kit") { showView("kit-view"); await loadKit(); return; }
  showView("queue-view");
  if (draft) {
    await loadQueue({ keepSelection: true, background: true });
    await openDraft(draft[1]);
  } else {
    state.selected = null;
    await loadQueue({ keepSelection: false });
  }
}

function navigate(path) {
  history.pushState({}, "", path);
  route().catch((err) => toast(t("err.generic", { message: err.message })));
}

async function switchLocale(locale, { reload = true } = {}) {
  await setLocale(locale);
  $("#ui-language").value = i18n.locale;
  if (reload && state.me) {
    fillFilters();
    await route();
  }
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

async function init() {
  await setLocale(pickLocale());
  $("#ui-language").value = i18n.locale;
  $("#ui-language").addEventListener("change", (e) => switchLocale(e.target.value).catch((err) => toast(err.message)));
  $("#login-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("#login-error").textContent = "";
    const email = $("#email").value.trim(), password = $("#password").value, key = $("#api-key").value.trim();
    const credentials = key && !email ? { api_key: key } : { email, password };
    try {
      await signIn(credentials);
      for (const id of ["#api-key", "#password"]) $(id).value = "";
    } catch (err) {
      $("#login-error").textContent = err.status !== 401 ? err.message
        : err.code === "invalid_api_key" ? t("login.badKey") : t("login.badPassword");
    }
  });
  $("#logout").addEventListener("click", () => logOut());
  $("#help-button").addEventListener("click", () => { $("#help").hidden = !$("#help").hidden; });
  $("#help").addEventListener("click", () => { $("#help").hidden = true; });
  for (const tab of document.querySelectorAll(".tab")) {
    tab.addEventListener("click", (event) => { event.preventDefault(); navigate(tab.getAttribute("href")); });
  }
  window.addEventListener("popstate", () => { if (state.me) route().catch((err) => toast(err.message)); });
  for (const id of ["#f-status", "#f-risk", "#f-intent", "#f-language", "#f-platform", "#f-assignee"]) {
    $(id).addEventListener("change", () => loadQueue({ keepSelection: false }).catch((err) => toast(err.message)));
  }
  let searchTimer = null;
  for (const id of ["#h-status", "#h-platform"]) $(id).addEventListener("change", () => loadHistory().catch((err) => toast(err.message)));
  $("#h-search").addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => loadHistory().catch((err) => toast(err.message)), 250);
  });
  $("#refresh").addEventListener("click", () => loadQueue().catch((err) => toast(err.message)));
  $("#m-days").addEventListener("change", () => loadMetrics().catch((err) => toast(err.message)));
  $("#k-platform").addEventListener("change", () => loadKit().catch((err) => toast(err.message)));
  document.addEventListener("keydown", onKey);
  // New drafts appear and the time left keeps counting down without a reload.
  setInterval(() => { if (state.me && !$("#queue-view").hidden) loadQueue({ background: true }).catch(() => renderQueue()); }, 30000);
  // Already signed in (a reload, another tab): the cookie is sent by itself.
  const session = await api("/v1/auth/session").catch(() => null);
  if (session) await start(session).catch(() => signOut()); else signOut();
}

init();
