"""The outbox's seam to the channels: a reply to a message that came in through a channel goes back out
through that channel (SMTP to the relay alias, the marketplace's send call, a helpdesk note), with the
outbox's retries, idempotency key and dead letters. Replies to messages posted to the API keep the
store's webhook path: channel_delivery() returns None for them.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from drafter.channels import ChannelError, Reply, get_adapter
from drafter.channels.registry import config_of
from drafter.config import Settings
from drafter.models import RouteName
from drafter.outbox.delivery import Outcome
from drafter.persistence.tables import ChannelMessage, ChannelRow, DraftRow

log = logging.getLogger(__name__)


def channel_delivery(session: Session, item, settings: Settings) -> Outcome | None:  # noqa: ANN001
    """Deliver one claimed outbox item through its channel; None when the draft did not come from one."""
    message_id = item.payload.get("message_id")
    if not message_id:  # posted to the API without an id: never a channel's
        return None
    # The row that drafted it carries the draft's message_id (ix_channel_messages_draft covers the lookup).
    found = session.execute(
        select(ChannelMessage, ChannelRow)
        .join(ChannelRow, ChannelRow.id == ChannelMessage.channel_id)
        .where(
            ChannelMessage.store_id == item.store_id,
            ChannelMessage.message_id == message_id,
            ChannelMessage.draft_id == item.draft_id,
        )
        .order_by(ChannelMessage.id)
        .limit(1)
    ).first()
    if found is None:
        return None
    message, channel = found
    if not channel.enabled:
        return Outcome("held", error=f"held: channel {channel.name} is disabled")
    draft = session.get(DraftRow, item.draft_id)
    reply = Reply(
        draft_id=item.draft_id,
        idempotency_key=item.idempotency_key,
        text=item.payload["text"],
        language=item.payload.get("language"),
        order_id=item.payload.get("order_id"),
        # An acknowledgement is not the escalated reply: it goes out without the '[Important]' marker.
        escalated=bool(draft is not None and draft.route == RouteName.escalate.value)
        and getattr(item, "kind", "reply") == "reply",
        reply_to=dict(message.reply_to or {}),
        attempt=item.attempt,
    )
    try:
        result = get_adapter(config_of(channel), settings).send(reply)
    except Exception as exc:  # noqa: BLE001 - a failed attempt, retried and dead-lettered like a webhook's
        kind = "transient" if getattr(exc, "transient", False) else "refused"
        if not isinstance(exc, (ChannelError, ValueError)):
            kind = type(exc).__name__
        return Outcome("failed", error=f"channel {channel.name} ({kind}): {exc}"[:500])
    log.info(
        "draft %s sent through channel %s/%s (%s)", item.draft_id, channel.store_id, channel.name, result.ref
    )
    return Outcome("delivered")
