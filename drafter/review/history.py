"""History and search over a store's drafts: newest first, by status and route, and by a search text that
matches the order number, the buyer's name (from the order store) or words of the message or the reply.
Also 'sent by hand': a store without a webhook sends approved replies itself and says so here."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from drafter.config import Settings
from drafter.drafts import service
from drafter.drafts.views import DraftSummary
from drafter.errors import DrafterError, InvalidTransition
from drafter.models import DraftStatus, StoreProfile
from drafter.persistence.tables import AuditEvent, DraftRow, OrderRow, OutboxRow
from drafter.promises.track import on_reply_sent


class DeliveredByWebhook(DrafterError):
    code = "delivered_by_webhook"
    status = 409


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_drafts(
    session: Session,
    *,
    store_id: str,
    q: str | None,
    statuses: list[str] | None,
    filters: dict[str, str],
    limit: int,
    offset: int,
    newest_first: bool = True,
) -> list[DraftSummary]:
    query = select(*service.SUMMARY_COLUMNS).where(DraftRow.store_id == store_id)
    if statuses:
        query = query.where(DraftRow.status.in_(statuses))
    for column, value in filters.items():
        query = query.where(getattr(DraftRow, column) == value)
    text = (q or "").strip()
    if text:
        pattern = _like(text)
        buyers = select(OrderRow.order_id).where(
            OrderRow.store_id == store_id, OrderRow.data["buyer_name"].as_string().ilike(pattern, escape="\\")
        )
        query = query.where(
            or_(
                DraftRow.order_id.ilike(pattern, escape="\\"),
                DraftRow.order_id.in_(buyers),
                DraftRow.message["text"].as_string().ilike(pattern, escape="\\"),
                DraftRow.text.ilike(pattern, escape="\\"),
            )
        )
    order = (
        (DraftRow.received_at.desc(), DraftRow.id) if newest_first else (DraftRow.sla_deadline, DraftRow.id)
    )
    rows = session.execute(query.order_by(*order).limit(limit).offset(offset))
    return [service.summarize(row) for row in rows]


def delivers_automatically(store: StoreProfile, settings: Settings) -> bool:
    """The outbox delivers this store's replies: to its signed webhook, or to the local sink file."""
    return bool(store.webhook_url and store.webhook_secret) or settings.outbox_sink_path is not None


def mark_sent_by_hand(
    session: Session, *, store: StoreProfile, settings: Settings, draft_id: str, actor: str
) -> DraftRow:
    """approved -> sent, for a store that sends replies itself: the held outbox entry is closed too, so
    adding a webhook later does not send the reply a second time."""
    row = service.get_draft(session, store_id=store.store_id, draft_id=draft_id)
    if delivers_automatically(store, settings):
        raise DeliveredByWebhook(
            "this store's replies are delivered to its webhook; they are marked sent on delivery"
        )
    if row.status != DraftStatus.approved.value:
        raise InvalidTransition(
            f"cannot mark a draft that is {row.status} as sent",
            details={"status": row.status, "allowed_from": [DraftStatus.approved.value]},
        )
    now = datetime.now(UTC)
    entry = session.scalar(select(OutboxRow).where(OutboxRow.draft_id == row.id, OutboxRow.kind == "reply"))
    if entry is not None and entry.status == "pending":
        entry.status, entry.sent_at, entry.last_error, entry.locked_until = "sent", now, "sent by hand", None
    row.status, row.sent_at = DraftStatus.sent.value, now
    session.add(
        AuditEvent(
            draft_id=row.id,
            store_id=row.store_id,
            actor=actor,
            action="sent_by_hand",
            details={"outbox": entry.status if entry is not None else None},
        )
    )
    session.flush()
    on_reply_sent(session, row, at=now, knowledge_dir=settings.knowledge_dir)  # a promise (drafter.promises)
    return row
