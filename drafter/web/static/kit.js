// The auto-reply kit for a person to approve: the store's welcome, off-hours and keyword texts per language,
// each with its lint result, the same text in the reviewer's language, and an approve button. An approval
// holds for the exact words approved (their hash): a text that changed shows as needing approval again.
"use strict";

const KIT_PLATFORMS = ["aliexpress", "amazon", "ebay", "shopify"];

function kitSlotName(text) {
  return text.kind === "keyword" ? t("kit.keyword", { topic: t(`kit.topic.${text.topic}`) }) : t(`kit.kind.${text.kind}`);
}

function kitApprovalLine(approval) {
  if (approval.approved) {
    return el("span", { class: "kit-state approved" },
      ...tNodes("kit.approvedBy", { who: data("span", approval.approved_by), when: fmtDate(approval.approved_at, state.me?.timezone) }));
  }
  return el("span", { class: `kit-state ${approval.stale ? "stale" : "open"}`, text: t(approval.stale ? "kit.changed" : "kit.notApproved") });
}

function kitLint(lint) {
  if (lint.ok && !lint.violations.length) return el("span", { class: "lint-ok", text: t("kit.lintOk") });
  const list = el("ul", { class: "violations" });
  for (const v of lint.violations) list.append(el("li", { class: `sev-${v.severity}` }, data("code", v.rule_id), " ", data("span", v.message)));
  return el("div", {}, el("span", { class: lint.ok ? "lint-ok" : "lint-bad", text: t(lint.ok ? "kit.lintWarn" : "kit.lintBlocked") }), list);
}

function kitRow(platform, text) {
  const row = el("li", { class: "kit-text", "data-language": text.language, "data-kind": text.kind, "data-topic": text.topic || "" });
  const button = el("button", { type: "button", class: "kit-approve primary", text: t("kit.approve") });
  button.hidden = text.approval.approved || !text.lint.ok;
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const body = { platform, language: text.language, kind: text.kind, topic: text.topic, text_hash: text.text_hash };
      const updated = await api("/v1/autoreply/kit/approve", { method: "POST", body });
      row.replaceWith(kitRow(platform, { ...updated, for_reviewer: text.for_reviewer })); // the answer has no gloss
      toast(t("kit.approvedToast"));
    } catch (err) {
      button.disabled = false;
      toast(err.code === "kit_text_changed" ? t("kit.reload") : t("err.generic", { message: err.message }));
      if (err.code === "kit_text_changed") await loadKit();
    }
  });
  const gloss = text.for_reviewer
    ? el("div", { class: "kit-gloss" }, el("span", { class: "k", text: t("kit.gloss", { language: languageName(text.for_reviewer.language) }) }),
      data("p", text.for_reviewer.text, { lang: text.for_reviewer.language }))
    : "";
  row.append(
    el("div", { class: "kit-head" }, el("strong", { text: kitSlotName(text) }),
      el("span", { class: "muted", text: t("kit.chars", { n: fmtNumber(text.chars) }) }), el("span", { class: "spacer" }),
      kitApprovalLine(text.approval), button),
    data("p", text.text, { class: "kit-words", lang: text.language, dir: "auto" }),
    gloss, kitLint(text.lint));
  return row;
}

async function loadKit() {
  const select = $("#k-platform");
  if (!select.length) for (const p of KIT_PLATFORMS) select.append(el("option", { value: p, text: p, translate: "no" }));
  const platform = select.value || KIT_PLATFORMS[0];
  const kit = await api(`/v1/autoreply/kit?platform=${platform}&reviewer_language=${reviewerLanguage()}`);
  const box = $("#kit-list");
  box.replaceChildren();
  const approved = kit.texts.filter((x) => x.approval.approved).length;
  $("#kit-summary").textContent = t("kit.summary", { approved: fmtNumber(approved), total: fmtNumber(kit.texts.length) });
  $("#kit-warnings").replaceChildren(...kit.warnings.map((w) => data("li", w)));
  for (const language of kit.languages) {
    const list = el("ol", { class: "kit-texts" });
    for (const text of kit.texts.filter((x) => x.language === language)) list.append(kitRow(platform, text));
    const required = kit.required_languages.includes(language) ? el("span", { class: "badge", text: t("kit.required") }) : "";
    box.append(el("section", { class: "card kit-language", "data-language": language },
      el("h3", {}, el("span", { text: languageName(language) }), " ", required), list));
  }
}
