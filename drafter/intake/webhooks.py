"""Channels that push (Chatwoot): a signed webhook becomes a draft, recorded exactly like a polled message
(same dedupe rows, same transaction), then the draft is shown to the agent as a private note."""

from __future__ import annotations

import json
import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from drafter.channels import ChannelError, get_adapter
from drafter.channels.registry import config_of, get_channel
from drafter.config import Settings
from drafter.errors import DrafterError, InvalidInput
from drafter.intake.poll import message_id_for, record_inbound
from drafter.persistence.tables import DraftRow
from drafter.pipeline import Pipeline

log = logging.getLogger(__name__)


class BadSignature(DrafterError):
    code = "invalid_signature"
    status = 401


def receive_chatwoot(
    session: Session,
    *,
    settings: Settings,
    pipeline: Pipeline,
    store_id: str,
    name: str,
    headers: dict[str, str],
    body: bytes,
) -> dict[str, Any]:
    row = get_channel(session, store_id=store_id, name=name)
    if row.kind != "chatwoot" or not row.enabled:
        raise InvalidInput(f"channel {name} does not take Chatwoot webhooks", code="channel_not_webhook")
    adapter = get_adapter(config_of(row), settings)
    if not adapter.verify({k.lower(): v for k, v in headers.items()}, body):  # type: ignore[attr-defined]
        raise BadSignature("the webhook signature or timestamp does not match this channel's secret")
    try:
        event = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InvalidInput("the webhook body is not JSON", code="invalid_json") from None
    if not isinstance(event, dict):
        raise InvalidInput("the webhook body is not a JSON object", code="invalid_json")
    try:
        inbound = adapter.inbound(event)  # type: ignore[attr-defined]
    except (ValueError, TypeError, AttributeError) as exc:
        raise InvalidInput(
            f"the webhook event does not have the message_created shape: {exc}"[:500],
            code="invalid_webhook_event",
        ) from None
    if inbound is None:
        return {"ignored": True}
    counts = record_inbound(session, row, pipeline, [inbound])
    session.commit()  # the draft and its dedupe row are safe before anything is posted back
    if counts["drafted"]:
        _post_note(session, adapter, inbound)
    return counts


def _post_note(session: Session, adapter: Any, inbound: Any) -> None:
    """The draft as a private note for the agent. Best effort: the draft is in the review queue either way,
    and an auto-sent reply is delivered by the outbox, so no note is posted for it."""
    draft = session.scalar(
        select(DraftRow).where(
            DraftRow.store_id == inbound.message.store_id,
            DraftRow.message_id == message_id_for(adapter.kind, inbound.external_id),
        )
    )
    if draft is None or draft.status not in ("pending_review", "escalated"):
        return
    try:
        adapter.post_note(inbound.reply_to, draft.text)
    except ChannelError as exc:
        log.warning("could not post the draft %s as a Chatwoot note: %s", draft.id, exc)
