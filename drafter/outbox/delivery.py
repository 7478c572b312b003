"""One delivery attempt: to the store's webhook (signed), to the local sink, or held (no destination)."""

from __future__ import annotations

import fcntl
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import httpx

from drafter.outbox.destination import Destination
from drafter.outbox.signing import (
    ATTEMPT_HEADER,
    IDEMPOTENCY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    sign,
)


@dataclass(frozen=True)
class Outcome:
    kind: Literal["delivered", "failed", "held"]
    status: int | None = None
    error: str | None = None


def envelope(*, idempotency_key: str, payload: dict[str, Any]) -> bytes:
    """The body is the same bytes on every attempt, so a receiver may also dedupe by its hash."""
    doc = {"type": "drafter.reply", "idempotency_key": idempotency_key, "reply": payload}
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def post_webhook(
    client: httpx.Client,
    *,
    destination: Destination,
    secret: str,
    idempotency_key: str,
    payload: dict[str, Any],
    attempt: int,
) -> Outcome:
    """POST to the checked address of the webhook; the Host header and TLS (SNI, certificate) still name the
    configured host, so the receiver and its certificate see the URL the store configured."""
    body = envelope(idempotency_key=idempotency_key, payload=payload)
    ts = int(time.time())
    headers = {
        "Content-Type": "application/json",
        IDEMPOTENCY_HEADER: idempotency_key,
        TIMESTAMP_HEADER: str(ts),
        SIGNATURE_HEADER: sign(secret, ts, attempt, body),
        ATTEMPT_HEADER: str(attempt),
        "User-Agent": "Drafter-Outbox/1",
        "Host": destination.host_header(),
    }
    extensions = {"sni_hostname": destination.host} if destination.scheme == "https" else {}
    res = None
    for address in destination.addresses:  # e.g. an IPv6 address first that this machine cannot reach
        try:
            res = client.post(
                destination.pinned_url(address), content=body, headers=headers, extensions=extensions
            )
            break
        except httpx.ConnectError as exc:
            error = exc
        except httpx.HTTPError as exc:  # the request may have reached the receiver: no other address
            return Outcome("failed", error=f"{type(exc).__name__}: {exc}"[:500])
    if res is None:
        return Outcome("failed", error=f"{type(error).__name__}: {error}"[:500])
    if 200 <= res.status_code < 300:
        return Outcome("delivered", status=res.status_code)
    return Outcome("failed", status=res.status_code, error=f"HTTP {res.status_code}: {res.text[:300]}")


def write_sink(path: Path, *, idempotency_key: str, payload: dict[str, Any]) -> Outcome:
    """Append to a JSON Lines file (under a lock: several workers may share it). At least once, like the
    webhook: a reader dedupes by idempotency_key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = envelope(idempotency_key=idempotency_key, payload=payload) + b"\n"
    try:
        with path.open("ab") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            fh.write(line)
            fh.flush()
    except OSError as exc:
        return Outcome("failed", error=f"sink {path}: {exc}")
    return Outcome("delivered")
