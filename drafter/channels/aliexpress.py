"""AliExpress: the Open Platform message center (station letters and order messages), TOP-style signed calls.

Calls and the parameters the TOP SDKs send (e.g. the generated AliexpressMessageRedefiningVersiontwo*Request
classes of the Python/PHP/.NET TOP SDKs):
- aliexpress.message.redefining.versiontwo.querymsgrelationlist  query={page_size, current_page, only_un_readed}
  -> result.relation_list: [{channel_id, other_login_id, other_name, message_time, last_message_is_own,
     read_stat, unread_count, deal_stat}]
- aliexpress.message.redefining.versiontwo.querymsgdetaillist  channel_id, msg_sources (message_center |
  order_msg), current_page, page_size (<= 100)
  -> result.message_detail_list: [{id, gmt_create, content, sender_login_id, sender_name, message_type, summary}]
- aliexpress.message.redefining.versiontwo.addmsg  create_param={channel_id, buyer_id, content, msg_sources}
- aliexpress.message.redefining.versiontwo.updatemsgprocessed  channel_id, deal_stat=1
Every call carries method, app_key, session (the seller's OAuth token), timestamp (GMT+8), format=json,
v=2.0, sign_method and sign: MD5(secret + k1v1k2v2... + secret) over the sorted non-empty parameters, or
HMAC(secret, k1v1...) for hmac / hmac-sha256, as uppercase hex. A failed call answers
{"error_response": {code, msg, sub_code, sub_msg}}; code 7 is the app's call limit (retried later).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Literal

import httpx
from pydantic import BaseModel, ConfigDict, Field

from drafter.channels import ChannelError, Fetched, Inbound, Reply, SendResult, register_channel
from drafter.channels.config import ChannelConfig, typed_options
from drafter.config import Settings
from drafter.models import BuyerMessage

PREFIX = "aliexpress.message.redefining.versiontwo."
ORDER_ID = re.compile(r"\b(\d{15,16})\b")
BEIJING = timezone(timedelta(hours=8))
TRANSIENT_CODES = {
    "7",
    "15",
    "21",
    "22",
    "isp.top-remote-connection-timeout",
}  # limits, remote service errors


class AliExpressOptions(BaseModel):
    """Secrets: app_secret, session (the seller's OAuth access token)."""

    model_config = ConfigDict(extra="forbid")

    app_key: str
    seller_login_id: str
    gateway: str = "https://eco.taobao.com/router/rest"
    sign_method: Literal["md5", "hmac", "hmac-sha256"] = "md5"
    msg_sources: list[str] = Field(default_factory=lambda: ["message_center", "order_msg"])
    page_size: int = 50
    timeout_s: float = 20.0


def sign(params: dict[str, str], secret: str, method: str) -> str:
    joined = "".join(f"{k}{params[k]}" for k in sorted(params) if params[k] not in (None, ""))
    if method == "md5":
        digest = hashlib.md5(f"{secret}{joined}{secret}".encode()).digest()
    else:
        algo = hashlib.sha256 if method == "hmac-sha256" else hashlib.md5
        digest = hmac.new(secret.encode(), joined.encode(), algo).digest()
    return digest.hex().upper()


def _items(value: Any) -> list[dict[str, Any]]:
    """TOP JSON wraps arrays in an object named after the element type ({"relation_result": [...]})."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict) and len(value) == 1 and isinstance(next(iter(value.values())), list):
        return next(iter(value.values()))
    return []


def _ms(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class AliExpressAdapter:
    kind = "aliexpress"

    def __init__(self, config: ChannelConfig, settings: Settings) -> None:
        self.config = config
        self.options: AliExpressOptions = typed_options(AliExpressOptions, config)
        missing = [s for s in ("app_secret", "session") if not config.secret(s)]
        if missing:
            raise ValueError(f"the AliExpress channel needs the secrets {', '.join(missing)}")
        self.client = httpx.Client(timeout=self.options.timeout_s)

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        form = {
            k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else str(v))
            for k, v in params.items()
            if v is not None
        }
        form.update(
            method=PREFIX + method,
            app_key=self.options.app_key,
            session=self.config.secret("session") or "",
            timestamp=datetime.now(BEIJING).strftime("%Y-%m-%d %H:%M:%S"),
            format="json",
            v="2.0",
            sign_method=self.options.sign_method,
        )
        form["sign"] = sign(form, self.config.secret("app_secret") or "", self.options.sign_method)
        try:
            res = self.client.post(self.options.gateway, data=form)
        except httpx.HTTPError as exc:
            raise ChannelError(f"AliExpress unreachable: {type(exc).__name__}: {exc}") from None
        if res.status_code >= 500:
            raise ChannelError(f"AliExpress HTTP {res.status_code}")
        try:
            doc = res.json()
        except ValueError:
            raise ChannelError(f"AliExpress answered HTTP {res.status_code} without JSON") from None
        if "error_response" in doc:
            err = doc["error_response"]
            code = str(err.get("code", ""))
            raise ChannelError(
                f"AliExpress {method}: {code} {err.get('msg')} {err.get('sub_code') or ''}".strip(),
                transient=code in TRANSIENT_CODES or str(err.get("sub_code")) in TRANSIENT_CODES,
            )
        result = doc.get(f"{(PREFIX + method).replace('.', '_')}_response", {}).get("result", {})
        if result.get("is_success") is False:
            raise ChannelError(
                f"AliExpress {method}: {result.get('error_code')} {result.get('error_msg')}", transient=False
            )
        return result

    # ------------------------------------------------------------------ in

    def fetch(self, cursor: dict[str, Any], *, limit: int) -> Fetched:
        since = _ms(cursor.get("since_ms"))
        relations: list[dict[str, Any]] = []
        for page in range(1, 21):
            found = _items(
                self.call(
                    "querymsgrelationlist", query={"page_size": self.options.page_size, "current_page": page}
                ).get("relation_list")
            )
            relations += found
            if len(found) < self.options.page_size:
                break
        items: list[Inbound] = []
        for rel in relations:
            if _ms(rel.get("message_time")) < since:
                continue  # nothing new in this conversation
            for source in self.options.msg_sources:
                details = _items(
                    self.call(
                        "querymsgdetaillist",
                        channel_id=rel["channel_id"],
                        msg_sources=source,
                        current_page=1,
                        page_size=self.options.page_size,
                    ).get("message_detail_list")
                )
                for msg in details:
                    if (
                        _ms(msg.get("gmt_create")) >= since
                        and msg.get("sender_login_id") != self.options.seller_login_id
                    ):
                        try:
                            items.append(self._inbound(rel, msg, source))
                        except (ValueError, KeyError, TypeError) as exc:  # never blocks the others
                            items.append(
                                Inbound(
                                    external_id=f"{source}:{msg.get('id')}",
                                    reply_to={"at_ms": _ms(msg.get("gmt_create"))},
                                    skip_reason=f"unreadable: {exc}"[:500],
                                )
                            )
        items.sort(key=lambda i: i.reply_to["at_ms"])
        more = len(items) > limit
        items = items[:limit]
        newest = items[-1].reply_to["at_ms"] if items else since
        return Fetched(
            items=items, cursor={"since_ms": newest}, more=more
        )  # inclusive: the dedupe drops repeats

    def _inbound(self, rel: dict[str, Any], msg: dict[str, Any], source: str) -> Inbound:
        text = (msg.get("content") or "").strip()
        summary = msg.get("summary") or {}
        order_id = summary.get("order_id") or (str(rel["channel_id"]) if source == "order_msg" else None)
        found = ORDER_ID.search(text) if order_id is None else None
        at = _ms(msg.get("gmt_create"))
        reply_to = {
            "channel_id": rel["channel_id"],
            "buyer_id": rel.get("other_login_id"),
            "msg_sources": source,
            "at_ms": at,
        }
        external_id = f"{source}:{msg.get('id')}"
        if not text:
            return Inbound(
                external_id=external_id, reply_to=reply_to, skip_reason="no text (an image or a card)"
            )
        message = BuyerMessage(
            platform="aliexpress",
            store_id=self.config.store_id,
            text=text[:10_000],
            order_id=order_id or (found.group(1) if found else None),
            received_at=datetime.fromtimestamp(at / 1000, UTC) if at else None,
        )
        return Inbound(external_id=external_id, message=message, reply_to=reply_to)

    # ------------------------------------------------------------------ out

    def send(self, reply: Reply) -> SendResult:
        to = reply.reply_to
        self.call(
            "addmsg",
            create_param={
                "channel_id": to["channel_id"],
                "buyer_id": to.get("buyer_id"),
                "content": reply.text,
                "msg_sources": to.get("msg_sources", "message_center"),
            },
        )
        try:  # marks the conversation handled in the seller's backend; the reply is out whatever this answers
            self.call("updatemsgprocessed", channel_id=to["channel_id"], deal_stat="1")
        except ChannelError:
            pass
        return SendResult(ref=str(to["channel_id"]))

    def check(self) -> dict[str, Any]:
        self.call("querymsgrelationlist", query={"page_size": 1, "current_page": 1})
        return {"aliexpress": "ok"}


@register_channel("aliexpress")
def _aliexpress(config: ChannelConfig, settings: Settings) -> AliExpressAdapter:
    return AliExpressAdapter(config, settings)
