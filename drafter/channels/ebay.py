"""eBay: the Commerce Message API v1 (REST, OAuth user token refreshed from the seller's refresh token).

Documented shapes (developer.ebay.com/api-docs/commerce/message/resources/methods):
- GET  /commerce/message/v1/conversation?conversation_type=FROM_MEMBERS&start_time=&limit=&offset=
  -> {"conversations": [{"conversationId", "conversationStatus", "conversationTitle", "conversationType",
      "createdDate", "referenceId", "referenceType", "unreadCount", "latestMessage"}], "next", "total"}
- GET  /commerce/message/v1/conversation/{conversation_id}?conversation_type=FROM_MEMBERS&limit=&offset=
  -> {"conversationId", ..., "messages": [{"messageId", "messageBody", "senderUsername",
      "recipientUsername", "createdDate", "readStatus"}], "next"}
- POST /commerce/message/v1/send_message {"conversationId", "messageText"} (one of conversationId or
  otherPartyUsername; up to 5 messageMedia; the body is plain text, at most 2,000 characters, which
  Drafter's lint rule all.max-length already enforces)
- POST /commerce/message/v1/update_conversation {"conversationId", "conversationType", "conversationStatus": "READ"}
- POST /identity/v1/oauth2/token, Basic client_id:client_secret, grant_type=refresh_token -> {"access_token",
  "expires_in"} (the user token lives 2 hours; the refresh token 18 months).
A 429 means the call limit was reached: the poll or the send is retried later (the outbox backs off).
"""

from __future__ import annotations

import base64
import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict

from drafter.channels import ChannelError, Fetched, Inbound, Reply, SendResult, register_channel
from drafter.channels.config import ChannelConfig, typed_options
from drafter.config import Settings
from drafter.models import BuyerMessage, ThreadMessage

MAX_BODY = 2000
ORDER_ID = re.compile(r"\b(\d{2}-\d{5}-\d{5})\b")  # eBay order numbers: 12-34567-89012
_TOKENS: dict[
    tuple[str, str], tuple[str, float]
] = {}  # (store, channel) -> (access token, expiry): memory only


class EbayOptions(BaseModel):
    """Secrets: client_id, client_secret, refresh_token."""

    model_config = ConfigDict(extra="forbid")

    seller_username: str
    api_base: str = "https://api.ebay.com"
    token_url: str = "https://api.ebay.com/identity/v1/oauth2/token"
    scope: str = "https://api.ebay.com/oauth/api_scope/commerce.message"
    page_size: int = 50
    timeout_s: float = 20.0


def _when(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat((value or "").replace("Z", "+00:00"))
    except ValueError:
        return None


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


class EbayAdapter:
    kind = "ebay"

    def __init__(self, config: ChannelConfig, settings: Settings) -> None:
        self.config = config
        self.options: EbayOptions = typed_options(EbayOptions, config)
        missing = [s for s in ("client_id", "client_secret", "refresh_token") if not config.secret(s)]
        if missing:
            raise ValueError(f"the eBay channel needs the secrets {', '.join(missing)}")
        self.client = httpx.Client(timeout=self.options.timeout_s)

    # ------------------------------------------------------------------ HTTP

    def _token(self, *, renew: bool = False) -> str:
        key = (self.config.store_id, self.config.name)
        cached = _TOKENS.get(key)
        if cached and not renew and cached[1] > time.time() + 60:
            return cached[0]
        basic = base64.b64encode(
            f"{self.config.secret('client_id')}:{self.config.secret('client_secret')}".encode()
        )
        res = self._send(
            "POST",
            self.options.token_url,
            auth=False,
            headers={"Authorization": f"Basic {basic.decode()}"},
            data={
                "grant_type": "refresh_token",
                "refresh_token": self.config.secret("refresh_token"),
                "scope": self.options.scope,
            },
        )
        doc = res.json()
        _TOKENS[key] = (doc["access_token"], time.time() + float(doc.get("expires_in", 7200)))
        return doc["access_token"]

    def _send(
        self, method: str, url: str, *, auth: bool = True, retried: bool = False, **kwargs: Any
    ) -> httpx.Response:
        extra = dict(kwargs.pop("headers", {}))
        headers = dict(extra)
        if auth:
            headers["Authorization"] = f"Bearer {self._token()}"
        try:
            res = self.client.request(method, url, headers=headers, **kwargs)
        except httpx.HTTPError as exc:
            raise ChannelError(f"eBay unreachable: {type(exc).__name__}: {exc}") from None
        if res.status_code == 401 and auth and not retried:  # the user token expired early: refresh once
            self._token(renew=True)
            return self._send(method, url, auth=True, retried=True, headers=extra, **kwargs)
        if res.status_code == 429:
            raise ChannelError(
                "eBay call limit reached", retry_after_s=float(res.headers.get("Retry-After") or 60)
            )
        if res.status_code >= 500:
            raise ChannelError(f"eBay HTTP {res.status_code}")
        if res.status_code >= 400:
            raise ChannelError(f"eBay refused ({res.status_code}): {res.text[:300]}", transient=False)
        return res

    def _api(self, path: str) -> str:
        return f"{self.options.api_base.rstrip('/')}/commerce/message/v1{path}"

    # ------------------------------------------------------------------ in

    def fetch(self, cursor: dict[str, Any], *, limit: int) -> Fetched:
        since = _when(cursor.get("since")) or datetime.now(UTC) - timedelta(days=7)
        conversations: list[dict[str, Any]] = []
        for page in range(20):  # every conversation active since the cursor, page by page
            params = {
                "conversation_type": "FROM_MEMBERS",
                "start_time": _iso(since),
                "limit": self.options.page_size,
                "offset": page * self.options.page_size,
            }
            doc = self._send("GET", self._api("/conversation"), params=params).json()
            conversations += doc.get("conversations", [])
            if not doc.get("next"):
                break
        items: list[Inbound] = []
        for conv in conversations:
            detail = self._send(
                "GET",
                self._api(f"/conversation/{conv['conversationId']}"),
                params={"conversation_type": "FROM_MEMBERS", "limit": 50},
            ).json()
            messages = sorted(detail.get("messages", []), key=lambda m: m.get("createdDate", ""))
            for i, msg in enumerate(messages):
                at = _when(msg.get("createdDate"))
                if at is None or at < since or msg.get("senderUsername") == self.options.seller_username:
                    continue
                try:
                    items.append(self._inbound(conv, msg, at, messages[max(0, i - 10) : i]))
                except (ValueError, KeyError, TypeError) as exc:  # one odd message never blocks the others
                    items.append(
                        Inbound(
                            external_id=str(msg.get("messageId")),
                            skip_reason=f"unreadable: {exc}"[:500],
                            reply_to={"at": at.isoformat()},
                        )
                    )
        items.sort(key=lambda item: item.reply_to["at"])
        more = len(items) > limit
        items = items[:limit]
        newest = datetime.fromisoformat(items[-1].reply_to["at"]) if items else since
        # start_time is inclusive: messages at `newest` come again next time, and the dedupe drops them.
        return Fetched(items=items, cursor={"since": _iso(newest)}, more=more)

    def _inbound(
        self, conv: dict[str, Any], msg: dict[str, Any], at: datetime, earlier: list[dict]
    ) -> Inbound:
        text = (msg.get("messageBody") or "").strip()
        order_id = conv.get("referenceId") if conv.get("referenceType") == "ORDER" else None
        found = ORDER_ID.search(text) if order_id is None else None
        thread = [
            ThreadMessage(
                author="seller" if m.get("senderUsername") == self.options.seller_username else "buyer",
                text=(m.get("messageBody") or "")[:10_000],
                sent_at=_when(m.get("createdDate")),
            )
            for m in earlier
            if m.get("messageBody")
        ]
        reply_to = {
            "conversation_id": conv["conversationId"],
            "buyer": msg.get("senderUsername"),
            "at": at.isoformat(),
            "reference_id": conv.get("referenceId"),
            "reference_type": conv.get("referenceType"),
        }
        if not text:
            return Inbound(external_id=msg["messageId"], reply_to=reply_to, skip_reason="empty message")
        message = BuyerMessage(
            platform="ebay",
            store_id=self.config.store_id,
            text=text[:10_000],
            order_id=order_id or (found.group(1) if found else None),
            received_at=at,
            thread=thread,
        )
        return Inbound(external_id=msg["messageId"], message=message, reply_to=reply_to)

    # ------------------------------------------------------------------ out

    def send(self, reply: Reply) -> SendResult:
        if len(reply.text) > MAX_BODY:
            raise ChannelError(
                f"eBay takes at most {MAX_BODY} characters; the reply has {len(reply.text)}", transient=False
            )
        conversation_id = reply.reply_to.get("conversation_id")
        body = {"conversationId": conversation_id, "messageText": reply.text}
        sent = self._send("POST", self._api("/send_message"), json=body).json()
        try:  # a convenience for the seller's inbox; the reply is out whatever this answers
            self._send(
                "POST",
                self._api("/update_conversation"),
                json={
                    "conversationId": conversation_id,
                    "conversationType": "FROM_MEMBERS",
                    "conversationStatus": "READ",
                },
            )
        except ChannelError:
            pass
        return SendResult(ref=(sent or {}).get("messageId"))

    def check(self) -> dict[str, Any]:
        self._token(renew=True)
        self._send(
            "GET", self._api("/conversation"), params={"conversation_type": "FROM_MEMBERS", "limit": 1}
        )
        return {"ebay": "ok"}


@register_channel("ebay")
def _ebay(config: ChannelConfig, settings: Settings) -> EbayAdapter:
    return EbayAdapter(config, settings)
