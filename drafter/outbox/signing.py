"""Webhook signatures: HMAC-SHA256 over "<timestamp>.<body>" with the store's webhook secret.

A receiver recomputes the HMAC from the raw body and the X-Drafter-Timestamp header, compares in
constant time, and refuses old timestamps (replays). verify() is the reference implementation.
"""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-Drafter-Signature"
TIMESTAMP_HEADER = "X-Drafter-Timestamp"
IDEMPOTENCY_HEADER = "Idempotency-Key"
ATTEMPT_HEADER = "X-Drafter-Attempt"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode("ascii") + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str, *, tolerance_s: int = 300,
           now: float | None = None) -> bool:
    try:
        ts = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs((now if now is not None else time.time()) - ts) > tolerance_s:
        return False
    return hmac.compare_digest(sign(secret, ts, body), signature or "")
