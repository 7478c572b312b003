"""Webhook signatures: HMAC-SHA256 over "<timestamp>.<attempt>.<body>" with the store's webhook secret.

Headers of every delivery (docs/review.md has the contract and a verification snippet):
    X-Drafter-Timestamp: <unix seconds when this attempt was sent>
    X-Drafter-Attempt:   <attempt number, 1, 2, ...>
    X-Drafter-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<attempt>." + raw body)>
    Idempotency-Key:     draft-<draft id>, the same on every attempt

The timestamp and the attempt are signed, so neither can be changed without breaking the signature: a
receiver that refuses timestamps outside its replay window (REPLAY_WINDOW_S) refuses a captured
delivery replayed later, and knows which attempt it is looking at. Within the window it dedupes by
Idempotency-Key. verify() is the reference implementation.
"""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-Drafter-Signature"
TIMESTAMP_HEADER = "X-Drafter-Timestamp"
IDEMPOTENCY_HEADER = "Idempotency-Key"
ATTEMPT_HEADER = "X-Drafter-Attempt"
REPLAY_WINDOW_S = 300


def signed_bytes(timestamp: int, attempt: int, body: bytes) -> bytes:
    return f"{timestamp}.{attempt}.".encode("ascii") + body


def sign(secret: str, timestamp: int, attempt: int, body: bytes) -> str:
    mac = hmac.new(secret.encode("utf-8"), signed_bytes(timestamp, attempt, body), hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(
    secret: str,
    timestamp: str,
    attempt: str,
    body: bytes,
    signature: str,
    *,
    tolerance_s: int = REPLAY_WINDOW_S,
    now: float | None = None,
) -> bool:
    """True when the signature matches and the timestamp is within tolerance_s of now (either way)."""
    try:
        ts, n = int(timestamp), int(attempt)
    except (TypeError, ValueError):
        return False
    if n < 1 or abs((now if now is not None else time.time()) - ts) > tolerance_s:
        return False
    return hmac.compare_digest(sign(secret, ts, n, body), signature or "")
