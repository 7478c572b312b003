"""Channels: where buyer messages come from and where approved replies go back to.

One small adapter per channel behind one protocol, registered by kind like the composers:
- fetch(cursor, limit) -> Fetched: new messages after the cursor, as pipeline BuyerMessages plus what a
  reply needs to land in the same thread; the new cursor is committed with the drafts (drafter.intake.poll).
- send(reply) -> SendResult: one approved reply, called by the outbox (its retries, idempotency key, dead
  letters) through drafter.outbox.via_channel.
- check() -> dict: `drafter channels test`: connect and authenticate, change nothing.
Adapters know nothing about the database or the pipeline; the framework does the bookkeeping.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, Field

from drafter.channels.config import ChannelConfig
from drafter.config import Settings
from drafter.models import BuyerMessage
from drafter.notices import SystemNotice


class Inbound(BaseModel):
    """One message as a channel delivered it."""

    external_id: str = Field(
        max_length=500, description="The channel's own id of the message: the dedupe key."
    )
    message: BuyerMessage | None = Field(
        None, description="None when it is not a buyer message (skip_reason says why)."
    )
    reply_to: dict[str, Any] = Field(
        default_factory=dict, description="Threading data the adapter's send() reads back."
    )
    skip_reason: str | None = None
    notice: SystemNotice | None = Field(
        None, description="A platform's system notice: never drafted, raised instead."
    )


class Fetched(BaseModel):
    items: list[Inbound] = Field(default_factory=list)
    cursor: dict[str, Any] = Field(default_factory=dict)
    more: bool = Field(False, description="The limit cut the batch short: poll again at once.")


class Reply(BaseModel):
    """An approved reply, with the inbound message's threading data."""

    draft_id: str
    idempotency_key: str
    text: str
    language: str | None = None
    order_id: str | None = None
    escalated: bool = False
    reply_to: dict[str, Any] = Field(default_factory=dict)
    attempt: int = 1


class SendResult(BaseModel):
    ref: str | None = Field(None, description="The channel's id of the sent message, when it gives one.")


class ChannelError(Exception):
    """A channel call failed. transient: worth retrying (network, 5xx, rate limit); else the request is wrong."""

    def __init__(self, message: str, *, transient: bool = True, retry_after_s: float | None = None) -> None:
        super().__init__(message)
        self.transient = transient
        self.retry_after_s = retry_after_s


@runtime_checkable
class ChannelAdapter(Protocol):
    kind: str

    def fetch(self, cursor: dict[str, Any], *, limit: int) -> Fetched: ...

    def send(self, reply: Reply) -> SendResult: ...

    def check(self) -> dict[str, Any]: ...


AdapterFactory = Callable[[ChannelConfig, Settings], ChannelAdapter]
_REGISTRY: dict[str, AdapterFactory] = {}
# Built-in adapters, imported on first use so a store with one channel never loads the others.
_BUILTIN = {
    "email": "drafter.channels.email.adapter",
    "aliexpress": "drafter.channels.aliexpress",
    "ebay": "drafter.channels.ebay",
    "chatwoot": "drafter.channels.chatwoot",
}


def register_channel(kind: str) -> Callable[[AdapterFactory], AdapterFactory]:
    def decorator(factory: AdapterFactory) -> AdapterFactory:
        _REGISTRY[kind] = factory
        return factory

    return decorator


def known_kinds() -> list[str]:
    return sorted(set(_REGISTRY) | set(_BUILTIN))


def get_adapter(config: ChannelConfig, settings: Settings) -> ChannelAdapter:
    if config.kind not in _REGISTRY and config.kind in _BUILTIN:
        importlib.import_module(_BUILTIN[config.kind])
    try:
        factory = _REGISTRY[config.kind]
    except KeyError:
        raise ValueError(f"unknown channel kind {config.kind!r}; known: {known_kinds()}") from None
    return factory(config, settings)


__all__ = [
    "ChannelAdapter",
    "ChannelConfig",
    "ChannelError",
    "Fetched",
    "Inbound",
    "Reply",
    "SendResult",
    "get_adapter",
    "known_kinds",
    "register_channel",
]
