// One draft: why it is here, the buyer's message and the reply side by side with their versions in the
// reviewer's language (numbers and dates that differ are marked), live lint, decisions. Buyer and draft text
// is inserted with textContent only: buyer messages are untrusted input.
"use strict";

const PARTS = ["restatement", "solution", "commitment"];

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v; else if (k === "text") node.textContent = v; else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

const data = (tag, text, attrs = {}) => el(tag, { ...attrs, translate: "no", text }); // buyer/draft data, not UI words
const storeZone = () => state.me?.timezone;

function reasonText(code, fallback) {
  const key = `reason.${code}`;
  return i18n.messages[key] ? t(key) : fallback;
}

function renderWhy(node, d) {
  const route = $(".route-word", node);
  route.textContent = t(`route.${d.route}`);
  route.className = `route-word route-${d.route}`;
  const reasons = $(".reasons", node);
  (d.route_codes.length ? d.route_codes : d.route_reasons).forEach((code, i) => {
    const li = el("li", {}, reasonText(code, ""));
    if (!i18n.messages[`reason.${code}`]) li.replaceChildren(data("span", d.route_reasons[i] || code));
    reasons.append(li);
  });
  for (const w of d.warnings) {
    const code = w.split(":")[0];
    reasons.append(i18n.messages[`warning.${code}`] ? el("li", { class: "muted", text: t(`warning.${code}`) })
      : el("li", { class: "muted" }, data("span", w)));
  }
  const flags = $(".flags", node);
  const gloss = d.for_reviewer?.message?.flags || [];
  for (const f of d.flags) {
    const words = gloss.find((g) => g.flag === f)?.evidence || [];
    const li = el("li", { class: "flag" }, el("strong", { text: t(`flag.${f}`) }));
    if (words.length) li.append(` · ${t("why.raisedBy")} `, ...words.map((w) => data("q", w)));
    flags.append(li);
  }
  if (d.injection) flags.append(el("li", { class: "flag", text: t("why.injection") }));
  if (!d.flags.length && !d.injection) flags.append(el("li", { class: "muted", text: t("why.noFlags") }));
  const situation = d.for_reviewer?.draft?.situation || (d.draft.template_id || "").split(".")[2] || "–";
  const known = i18n.messages[`situation.${situation}`];
  $(".situation", node).replaceChildren(known ? el("span", { text: known }) : data("code", situation));
  const facts = $(".facts-used", node);
  const o = d.order;
  if (o) {
    facts.append(el("li", {}, `${t("order.order")} `, data("span", o.order_id), ` · ${t(`orderStatus.${o.status}`)}`));
    if (o.carrier) facts.append(el("li", {}, `${t("order.carrier")} `, data("span", `${o.carrier}${o.tracking_number ? ` ${o.tracking_number}` : ""}`)));
    if (o.estimated_delivery) facts.append(el("li", { text: `${t("order.eta")} ${fmtDay(o.estimated_delivery)}` }));
    if (o.delivered_at) facts.append(el("li", { text: `${t("order.delivered")} ${fmtDay(o.delivered_at)}` }));
  } else facts.append(el("li", { class: "muted", text: t("why.noOrder") }));
  for (const hit of d.faq.slice(0, 2)) facts.append(el("li", {}, `${t("why.faq")} `, data("code", hit.id)));
  facts.append(el("li", { class: "muted", text: `${t("why.writtenBy")}: ${t(`why.composer.${d.draft.composer || "template"}`)}` }));
}

function markedText(text, spans) {
  // The text with the given [start, end) spans wrapped in <mark class="differs">.
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const out = [];
  let at = 0;
  for (const [s, e] of sorted) {
    if (s < at) continue;
    out.push(text.slice(at, s), el("mark", { class: "differs", text: text.slice(s, e) }));
    at = e;
  }
  out.push(text.slice(at));
  return out;
}

function renderReviewer(node, d) {
  const fr = d.for_reviewer;
  const rl = languageName(fr?.language || "en");
  $(".h-buyer-message", node).textContent = t("sbs.buyerMessage", { language: languageName(d.language) });
  $(".h-reply", node).textContent = t("sbs.reply", { language: languageName(d.language) });
  $(".h-reviewer-message", node).textContent = t("sbs.reviewerMessage", { language: rl });
  $(".h-reviewer-reply", node).textContent = t("sbs.reviewerReply", { language: rl });
  if (!fr) {
    $(".reviewer-message", node).append(el("p", { class: "muted", text: t("sbs.unavailable") }));
    return;
  }
  const mt = fr.method === "machine_translation";
  $(".method", node).textContent = mt ? t("sbs.mt") : t("sbs.gloss");
  $(".method-reply", node).textContent = mt ? t("sbs.mt") : t("sbs.rendered");
  const msg = $(".reviewer-message", node);
  for (const line of fr.message.text.split("\n")) msg.append(data("p", line));
  const rev = $(".reviewer-reply", node);
  const revSpans = fr.disagreements.filter((x) => x.reviewer_span).map((x) => x.reviewer_span);
  rev.append(...markedText(fr.draft.text, revSpans));
  const n = fr.disagreements.length;
  const agreement = $(".agreement", node);
  agreement.textContent = n ? t("sbs.disagree", { n: fmtNumber(n) }) : t("sbs.agree");
  agreement.className = `agreement ${n ? "differs" : "ok"}`;
  for (const note of fr.notes) $(".notes", node).append(data("li", note));
}

function renderDecided(node, d) {
  const box = $(".decided", node);
  const open = d.status === "pending_review" || d.status === "escalated";
  for (const sel of [".actions", ".lint-status", ".violations"]) $(sel, node).hidden = !open;
  for (const area of node.querySelectorAll("textarea")) area.readOnly = !open;
  if (open) return;
  box.hidden = false;
  if (d.status === "sent") box.append(el("p", { class: "ok", text: t("decided.sent", { date: fmtDate(d.sent_at, storeZone()) }) }));
  if (d.status === "rejected") box.append(el("p", {}, ...tNodes("decided.rejected", { reason: data("span", d.reject_reason || "") })));
  if (d.route === "auto_send") box.append(el("p", { class: "muted", text: t("decided.autoSent") }));
  if (d.status === "approved" && state.me.delivery === "webhook") box.append(el("p", { text: t("decided.queued") }));
  if (d.status === "approved" && state.me.delivery !== "webhook") {
    box.classList.add("by-hand");
    box.append(el("p", { text: t("hand.ready") }),
      el("div", { class: "actions" },
        el("button", { type: "button", class: "copy primary", text: t("hand.copy") }),
        el("button", { type: "button", class: "mark-sent", text: t("hand.markSent") })));
    $(".copy", box).addEventListener("click", () => copyReply(d.draft.text));
    $(".mark-sent", box).addEventListener("click", () => markSent(d.draft_id));
  }
}

function renderDetail(d, audit) {
  const node = $("#detail-template").content.cloneNode(true);
  applyI18n(node);
  const risk = $(".risk-badge", node);
  risk.textContent = t(`risk.${d.risk}`);
  risk.classList.add(`risk-${d.risk}`);
  $(".d-intent", node).textContent = t(`intent.${d.intent}`);
  $(".d-status", node).textContent = t(`status.${d.status}`);
  $(".d-status", node).classList.add(`st-${d.status}`);
  $(".d-platform", node).textContent = d.platform;
  $(".d-language", node).textContent = languageName(d.language);
  $(".d-confidence", node).textContent = t("detail.confidence", { pct: fmtPct(d.confidence) });
  $(".d-link", node).href = `/review/drafts/${d.draft_id}`;
  const deadline = $(".d-deadline", node);
  if (d.status === "pending_review" || d.status === "escalated") {
    const left = timeLeft(d.sla_deadline);
    deadline.append(el("span", { class: left.cls, text: left.text }), ` · ${t("detail.due", { date: fmtDate(d.sla_deadline, storeZone()) })}`);
    if (d.escalation_deadline) deadline.append(el("span", { class: "overdue", text: ` · ${t("detail.escalateBy", { date: fmtDate(d.escalation_deadline, storeZone()) })}` }));
  }
  renderWhy(node, d);
  const thread = $(".thread", node);
  if (d.thread?.length) thread.append(el("li", { class: "thread-h muted", text: t("sbs.thread") }));
  for (const m of d.thread || []) {
    thread.append(el("li", { class: m.author }, el("span", { class: "who", text: m.author === "seller" ? t("who.seller") : t("who.buyer") }), data("span", m.text)));
  }
  $(".buyer-text", node).textContent = d.message_text;
  renderReviewer(node, d);
  renderOrder($(".order", node), d.order);
  const faq = $(".faq", node);
  for (const hit of d.faq) {
    faq.append(el("li", {}, data("strong", hit.question), " ", data("span", `${hit.id} · ${fmtNumber(hit.score, { maximumFractionDigits: 2 })}`, { class: "faq-id" }),
      data("div", hit.answer, { class: "muted" })));
  }
  if (!d.faq.length) faq.append(el("li", { class: "muted", text: t("faq.none") }));
  for (const part of PARTS) {
    const area = $(`.part[data-part="${part}"] textarea`, node);
    area.value = d.draft[part];
    area.addEventListener("input", () => { autosize(area); scheduleLint(); });
  }
  $(".approve", node).addEventListener("click", approve);
  $(".save", node).addEventListener("click", save);
  $(".reject", node).addEventListener("click", reject);
  $(".reject-reason", node).addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.isComposing) { event.preventDefault(); reject(); }
  });
  renderDecided(node, d);
  renderAck(node, d.acknowledgement);
  const auditList = $(".audit", node);
  for (const e of audit) {
    const extra = e.details.reason || e.details.why || (e.details.rules || []).join(", ") || (e.details.changed || []).join(", ");
    const li = el("li", {}, el("time", { text: fmtDate(e.at, storeZone()) }), " ",
      i18n.messages[`action.${e.action}`] ? t(`action.${e.action}`) : data("span", e.action), " · ",
      ...tNodes("audit.by", { actor: actorNode(e.actor, e.actor_name) }));
    if (extra) li.append(" (", data("span", extra), ")");
    auditList.append(li);
  }
  $("#detail").replaceChildren(node);
  $("#detail").scrollTop = 0;
  for (const area of document.querySelectorAll("#detail textarea")) autosize(area);
  renderLint(d.lint, d.draft.text);
}

// The acknowledgement the buyer got at once (off hours, long queue): its words and the time it promised.
function renderAck(node, ack) {
  if (!ack) return;
  const box = $(".ack", node);
  box.hidden = false;
  const promised = fmtDate(ack.promised_by, storeZone());
  $(".ack-state", box).textContent = ack.sent_at
    ? t("ack.sent", { when: fmtDate(ack.sent_at, storeZone()), promised }) : t("ack.pending", { promised });
  $(".ack-text", box).textContent = ack.text;
}

function actorNode(actor, name) {
  if (["router", "outbox", "acknowledge", "auto-assign"].includes(actor)) return el("span", { text: t(`actor.${actor}`) });
  if (actor.startsWith("user:") && name) return data("span", name);
  if (actor.startsWith("key:")) return el("span", {}, ...tNodes("actor.key", { store: data("span", actor.slice(4)) }));
  return data("span", actor);
}

function renderOrder(dl, order) {
  if (!order) { dl.append(el("dd", { class: "muted", text: t("order.none") })); return; }
  const money = order.total !== null && order.total !== undefined && order.currency
    ? fmtNumber(order.total, { style: "currency", currency: order.currency, currencyDisplay: "narrowSymbol" }) : null;
  const rows = [["order.order", order.order_id, true], ["order.status", t(`orderStatus.${order.status}`)],
    ["order.carrier", order.carrier, true], ["order.tracking", order.tracking_number, true],
    ["order.ordered", order.ordered_at && fmtDay(order.ordered_at)], ["order.shipped", order.shipped_at && fmtDay(order.shipped_at)],
    ["order.eta", order.estimated_delivery && fmtDay(order.estimated_delivery)],
    ["order.delivered", order.delivered_at && fmtDay(order.delivered_at)],
    ["order.destination", order.destination_country && regionName(order.destination_country)], ["order.total", money],
    ["order.buyer", order.buyer_name, true],
    ["order.items", (order.items || []).map((i) => `${i.quantity} × ${i.title}${i.size ? ` (${i.size})` : ""}`).join("; "), true]];
  for (const [k, v, isData] of rows) if (v) dl.append(el("dt", { text: t(k) }), isData ? data("dd", String(v)) : el("dd", { text: String(v) }));
  const last = (order.tracking_events || []).at(-1);
  if (last) dl.append(el("dt", { text: t("order.lastScan") }),
    el("dd", {}, `${fmtDate(last.at, storeZone())} · `, data("span", `${last.description}${last.location ? `, ${last.location}` : ""}`)));
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
