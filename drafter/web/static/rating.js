// Rating a draft in one key: 1 good, 2 needs work, 3 wrong (POST /v1/drafts/{id}/feedback, stored and
// audited). Its own listener beside review.js's shortcuts; it uses review.js's state, api, toast and t.
"use strict";

const RATINGS = { 1: "good", 2: "needs_work", 3: "wrong" };

async function rateDraft(rating) {
  const id = state.draft && state.draft.draft_id;
  if (!id) return;
  await api(`/v1/drafts/${encodeURIComponent(id)}/feedback`, { method: "POST", body: { rating } });
  toast(t("rate.saved", { rating: t(`rate.${rating}`) }));
}

document.addEventListener("keydown", (event) => {
  if (!state.me || $("#queue-view").hidden) return;
  if (event.target.matches("input, textarea, select") || event.ctrlKey || event.metaKey || event.altKey) return;
  const rating = RATINGS[event.key];
  if (!rating) return;
  event.preventDefault();
  rateDraft(rating).catch((err) => toast(err.message));
});
