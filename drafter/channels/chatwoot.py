"""Chatwoot: a helpdesk that pushes each new message to Drafter by webhook; Drafter answers through its API.

- In: the account webhook `message_created` (Chatwoot user guide, "How to use webhooks"): {"event", "id",
  "content", "created_at", "message_type": incoming|outgoing|template, "private", "sender": {"id", "name",
  "type": contact|user}, "conversation": {"id", "display_id", "custom_attributes"}, "account": {"id"}}.
  Signed: X-Chatwoot-Signature = "sha256=" + HMAC-SHA256(webhook secret, "<X-Chatwoot-Timestamp>.<raw body>").
  Only a contact's incoming, public message is drafted: agents' replies and private notes (ours included)
  come back through the same webhook and must not start a loop.
- Out: POST /api/v1/accounts/{account_id}/conversations/{display_id}/messages with the api_access_token
  header, {"content", "message_type": "outgoing", "private": true|false}. A fresh draft is posted as a
  private note for the agent; an approved or auto-sent reply goes to the contact as a normal message.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from datetime import UTC, datetime
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict

from drafter.channels import ChannelError, Fetched, Inbound, Reply, SendResult, register_channel
from drafter.channels.config import ChannelConfig, typed_options
from drafter.config import Settings
from drafter.models import BuyerMessage

# Order numbers as the marketplaces print them: Amazon 3-7-7, eBay 2-5-5, AliExpress 15-16 digits, Shopify #1001.
ORDER_ID = re.compile(r"\b(\d{3}-\d{7}-\d{7}|\d{2}-\d{5}-\d{5}|\d{15,16})\b|#(\d{3,10})\b")
SIGNATURE_HEADER, TIMESTAMP_HEADER = "x-chatwoot-signature", "x-chatwoot-timestamp"


class ChatwootOptions(BaseModel):
    """Secrets: api_access_token (an agent bot's or agent's token), webhook_secret."""

    model_config = ConfigDict(extra="forbid")

    base_url: str
    account_id: int
    note_prefix: str = "Drafter draft (review before sending):"
    timeout_s: float = 15.0
    signature_tolerance_s: int = 300


def verify_signature(
    secret: str,
    timestamp: str | None,
    body: bytes,
    signature: str | None,
    *,
    tolerance_s: int,
    now: float | None = None,
) -> bool:
    try:
        ts = int(timestamp or "")
    except ValueError:
        return False
    if abs((now if now is not None else time.time()) - ts) > tolerance_s:
        return False  # an old delivery replayed
    expected = "sha256=" + hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature or "")


class ChatwootAdapter:
    kind = "chatwoot"

    def __init__(self, config: ChannelConfig, settings: Settings) -> None:
        self.config = config
        self.options: ChatwootOptions = typed_options(ChatwootOptions, config)
        missing = [s for s in ("api_access_token", "webhook_secret") if not config.secret(s)]
        if missing:
            raise ValueError(f"the Chatwoot channel needs the secrets {', '.join(missing)}")
        self.client = httpx.Client(timeout=self.options.timeout_s)

    def verify(self, headers: dict[str, str], body: bytes) -> bool:
        return verify_signature(
            self.config.secret("webhook_secret") or "",
            headers.get(TIMESTAMP_HEADER),
            body,
            headers.get(SIGNATURE_HEADER),
            tolerance_s=self.options.signature_tolerance_s,
        )

    def inbound(self, event: dict[str, Any]) -> Inbound | None:
        """The webhook event as an inbound message, or None when it is nothing to draft."""
        sender = event.get("sender") or {}
        if (
            event.get("event") != "message_created"
            or event.get("message_type") != "incoming"
            or event.get("private")
            or sender.get("type") != "contact"
        ):
            return None
        conversation = event.get("conversation") or {}
        reply_to = {
            "conversation_id": conversation.get("display_id") or conversation.get("id"),
            "account_id": (event.get("account") or {}).get("id") or self.options.account_id,
        }
        external_id = f"message:{event.get('id')}"
        text = (event.get("content") or "").strip()
        if not text:
            return Inbound(
                external_id=external_id, reply_to=reply_to, skip_reason="no text (an attachment only)"
            )
        custom = conversation.get("custom_attributes") or {}
        found = ORDER_ID.search(text)
        order_id = custom.get("order_id") or (next(g for g in found.groups() if g) if found else None)
        message = BuyerMessage(
            platform=self.config.platform,
            store_id=self.config.store_id,
            text=text[:10_000],
            order_id=str(order_id) if order_id else None,
            received_at=_when(event.get("created_at")),
        )
        return Inbound(external_id=external_id, message=message, reply_to=reply_to)

    def _post(self, reply_to: dict[str, Any], text: str, *, private: bool) -> dict[str, Any]:
        url = (
            f"{self.options.base_url.rstrip('/')}/api/v1/accounts/{reply_to.get('account_id') or self.options.account_id}"
            f"/conversations/{reply_to['conversation_id']}/messages"
        )
        try:
            res = self.client.post(
                url,
                headers={"api_access_token": self.config.secret("api_access_token") or ""},
                json={"content": text, "message_type": "outgoing", "private": private},
            )
        except httpx.HTTPError as exc:
            raise ChannelError(f"Chatwoot unreachable: {type(exc).__name__}: {exc}") from None
        if res.status_code == 429 or res.status_code >= 500:
            raise ChannelError(f"Chatwoot HTTP {res.status_code}")
        if res.status_code >= 400:
            raise ChannelError(f"Chatwoot refused ({res.status_code}): {res.text[:300]}", transient=False)
        return res.json() if res.content else {}

    def post_note(self, reply_to: dict[str, Any], text: str) -> dict[str, Any]:
        return self._post(reply_to, f"{self.options.note_prefix}\n\n{text}", private=True)

    def fetch(self, cursor: dict[str, Any], *, limit: int) -> Fetched:
        return Fetched(cursor=cursor)  # Chatwoot pushes: nothing to poll

    def send(self, reply: Reply) -> SendResult:
        sent = self._post(reply.reply_to, reply.text, private=False)
        return SendResult(ref=str(sent.get("id")) if sent.get("id") is not None else None)

    def check(self) -> dict[str, Any]:
        url = f"{self.options.base_url.rstrip('/')}/api/v1/accounts/{self.options.account_id}/conversations"
        try:
            res = self.client.get(
                url, headers={"api_access_token": self.config.secret("api_access_token") or ""}
            )
        except httpx.HTTPError as exc:
            raise ChannelError(f"Chatwoot unreachable: {exc}") from None
        if res.status_code >= 400:
            raise ChannelError(f"Chatwoot HTTP {res.status_code}", transient=res.status_code >= 500)
        return {"chatwoot": "ok"}


def _when(value: Any) -> datetime | None:
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, UTC)
    try:
        at = datetime.strptime(str(value), "%Y-%m-%d %H:%M:%S UTC")
        return at.replace(tzinfo=UTC)
    except ValueError:
        return None


@register_channel("chatwoot")
def _chatwoot(config: ChannelConfig, settings: Settings) -> ChatwootAdapter:
    return ChatwootAdapter(config, settings)
