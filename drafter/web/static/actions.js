// Live lint of the reply (highlighted in the parts, with the numbers and dates the reviewer-language version
// does not share), and the decisions: approve, save, reject, copy and mark as sent by hand.
"use strict";

function scheduleLint() {
  clearTimeout(state.lintTimer);
  state.lintTimer = setTimeout(relint, 300);
}

async function relint() {
  const seq = ++state.lintSeq;
  const draftId = state.selected;
  const parts = currentParts();
  if (PARTS.some((p) => !parts[p].trim())) {
    renderLint({ ok: false, violations: [] }, null, t("lint.emptyPart"));
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
  const joined = PARTS.map((p) => parts[p].trim()).filter(Boolean).join("\n\n");
  const joinedMatches = text === null || text === undefined || text === joined;
  const spans = joinedMatches ? lint.violations.map((v) => ({ span: v.span, cls: v.severity, title: v.message, rule: v.rule_id })) : [];
  // The reviewer-language version was compared with the reply as saved: its marks hold while the text is unchanged.
  if (state.draft?.for_reviewer && joined === state.draft.draft.text) {
    for (const x of state.draft.for_reviewer.disagreements) {
      if (x.buyer_span) spans.push({ span: x.buyer_span, cls: "differs", title: "", rule: "" });
    }
  }
  for (const p of PARTS) {
    const backdrop = $(`#detail .part[data-part="${p}"] .hl-backdrop`);
    const raw = parts[p];
    const marks = [];
    const o = offsets[p];
    if (o) {
      for (const m of spans) {
        const s = Math.max(m.span[0], o.start), e = Math.min(m.span[1], o.end);
        if (s < e) marks.push({ s: s - o.start + o.lead, e: e - o.start + o.lead, m });
      }
    }
    marks.sort((a, b) => a.s - b.s);
    const nodes = [];
    let at = 0;
    for (const mk of marks) {
      if (mk.s < at) continue; // overlapping spans: the first one is enough to draw the eye
      nodes.push(raw.slice(at, mk.s));
      nodes.push(el("mark", { class: mk.m.cls, title: mk.m.title, "data-rule": mk.m.rule, text: raw.slice(mk.s, mk.e) }));
      at = mk.e;
    }
    nodes.push(raw.slice(at) + "\u200b"); // keeps a trailing newline's height
    backdrop.replaceChildren(...nodes);
  }
  const blocking = lint.violations.filter((v) => v.severity === "block");
  const status = $("#detail .lint-status");
  status.className = `lint-status ${problem || blocking.length ? "blocked" : lint.violations.length ? "warned" : "ok"}`;
  status.textContent = problem || (blocking.length ? t("lint.blocked", { n: fmtNumber(blocking.length) })
    : lint.violations.length ? t("lint.warned") : t("lint.clean"));
  const list = $("#detail .violations");
  list.replaceChildren();
  for (const v of lint.violations) {
    const li = el("li", { class: v.severity, "data-rule": v.rule_id },
      el("strong", { text: v.severity === "block" ? t("lint.blocks") : t("lint.warning") }), " ", data("span", v.message), " ",
      data("span", v.excerpt, { class: "excerpt" }), data("span", v.rule_id, { class: "rule" }));
    if (v.suggestion) li.append(el("div", { class: "muted" }, ...tNodes("lint.suggestion", { text: data("span", v.suggestion) })));
    list.append(li);
  }
}

function banner(text, ok = false) {
  const node = $("#detail .banner");
  node.textContent = text; node.hidden = !text; node.classList.toggle("ok", ok);
}

async function afterDecision(message) {
  const index = state.queue.findIndex((d) => d.draft_id === state.selected);
  if (index >= 0) state.queue.splice(index, 1);
  renderQueue();
  toast(message);
  if (state.queue.length) await select(state.queue[Math.min(Math.max(index, 0), state.queue.length - 1)].draft_id);
  else await loadQueue({ keepSelection: false });
}

async function approve() {
  if (!state.draft || !["pending_review", "escalated"].includes(state.draft.status)) return;
  const changed = changedParts();
  const button = $("#detail .approve");
  button.disabled = true;
  try {
    await api(`/v1/drafts/${state.selected}/approve`, { method: "POST", body: Object.keys(changed).length ? changed : undefined });
    await afterDecision(state.me.delivery === "webhook" ? t("act.approvedWebhook") : t("act.approvedByHand"));
  } catch (err) {
    if (err.code === "lint_blocked" && err.details) {
      renderLint(err.details, null);
      const rules = [...new Set(err.details.violations.filter((v) => v.severity === "block").map((v) => v.rule_id))];
      banner(t("act.blocked", { rules: rules.join(", ") }));
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
  if (!Object.keys(changed).length) { toast(t("act.nothingChanged")); return; }
  try {
    const d = await api(`/v1/drafts/${state.selected}${draftQuery()}`, { method: "PATCH", body: changed });
    state.draft = d; state.original = currentParts();
    renderLint(d.lint, d.draft.text);
    banner(d.lint.ok ? t("act.saved") : t("act.savedBlocked"), d.lint.ok);
  } catch (err) { banner(err.message); }
}

async function reject() {
  const input = $("#detail .reject-reason");
  if (!input) return;
  const reason = input.value.trim();
  if (!reason) { banner(t("act.needReason")); input.focus(); return; }
  try {
    await api(`/v1/drafts/${state.selected}/reject`, { method: "POST", body: { reason } });
    await afterDecision(t("act.rejected"));
  } catch (err) { banner(err.message); }
}

async function copyReply(text) {
  try { await navigator.clipboard.writeText(text); toast(t("hand.copied")); }
  catch { toast(t("hand.copyFailed")); }
}

async function markSent(draftId) {
  try {
    await api(`/v1/drafts/${draftId}/mark-sent`, { method: "POST" });
    toast(t("hand.marked"));
    await openDraft(draftId);
    if (!$("#history-view").hidden) await loadHistory();
  } catch (err) { toast(t("err.generic", { message: err.message })); }
}
