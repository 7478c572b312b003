// Who works on a draft and who has it open: the assignee and the lock in the queue and on the draft, the
// "take" button, and the soft lock this page holds (renewed every minute) while a person has a draft open.
"use strict";

const LOCK_RENEW_MS = 60000;
const me = () => state.session?.user_id ?? null;
const isOpen = (d) => d.status === "pending_review" || d.status === "escalated";

function teamLine(item) {
  const line = el("span", { class: "q-team" });
  if (item.lock && item.lock.user_id !== me()) line.append(el("span", { class: "q-lock", text: t("team.lockedBy", { name: item.lock.name }) }));
  if (item.assignee) line.append(el("span", { class: "q-assignee", text: t("team.assignedTo", { name: item.assignee.name }) }));
  return line;
}

async function releaseLock() {
  const lock = state.lock;
  state.lock = null;
  if (!lock) return;
  clearInterval(lock.timer);
  if (state.csrf) await api(`/v1/drafts/${lock.draftId}/lock`, { method: "DELETE" }).catch(() => {});
}

async function holdLock(d) {
  renderTeam(d, d.lock);
  if (!isOpen(d) || me() === null) return;
  try {
    const lock = await api(`/v1/drafts/${d.draft_id}/lock`, { method: "POST" });
    if (state.selected !== d.draft_id) return;
    if (state.lock) clearInterval(state.lock.timer);
    state.lock = { draftId: d.draft_id, timer: setInterval(() => renewLock(d.draft_id), LOCK_RENEW_MS) };
    renderTeam(d, lock);
  } catch (err) {
    if (err.code === "draft_locked") renderTeam(d, { ...err.details.locked_by, until: err.details.locked_until });
    else toast(t("err.generic", { message: err.message }));
  }
}

async function renewLock(draftId) {
  if (state.lock?.draftId !== draftId) return;
  try { await api(`/v1/drafts/${draftId}/lock`, { method: "POST" }); }
  catch (err) { if (err.code === "draft_locked") { clearInterval(state.lock.timer); state.lock = null; banner(err.message); } }
}

function renderTeam(d, lock) {
  const bar = $("#detail .team-bar");
  if (!bar) return;
  const mine = lock && lock.user_id === me();
  $(".d-assignee", bar).textContent = d.assignee ? t("team.assignedTo", { name: d.assignee.name }) : t("team.unassigned");
  const lockNode = $(".d-lock", bar);
  lockNode.textContent = !lock ? "" : mine ? t("team.youHaveIt") : t("team.lockedUntil", { name: lock.name, time: fmtDate(lock.until, storeZone()) });
  lockNode.className = `d-lock ${lock && !mine ? "overdue" : "muted"}`;
  const take = $(".take", bar);
  take.hidden = !isOpen(d) || me() === null || d.assignee?.user_id === me();
  take.onclick = takeDraft;
  for (const button of document.querySelectorAll("#detail .actions button")) button.disabled = Boolean(lock && !mine);
}

async function takeDraft() {
  const draftId = state.selected;
  try {
    await api(`/v1/drafts/${draftId}/take`, { method: "POST" });
    toast(t("team.taken"));
    await openDraft(draftId);
    loadQueue({ background: true }).catch(() => {});
  } catch (err) { banner(err.message); }
}

// Closing the tab lets go of the draft at once (keepalive: the request outlives the page).
window.addEventListener("pagehide", () => {
  if (state.lock && state.csrf) {
    fetch(`/v1/drafts/${state.lock.draftId}/lock`, { method: "DELETE", keepalive: true, headers: { "X-CSRF-Token": state.csrf } });
  }
});
