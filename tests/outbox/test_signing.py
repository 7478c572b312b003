from __future__ import annotations

import hashlib
import hmac

from drafter.outbox.delivery import envelope
from drafter.outbox.signing import REPLAY_WINDOW_S, sign, verify

SECRET = "s3cret-s3cret-s3cret-s3cret-s3cret"


def test_signature_verifies_and_detects_tampering_and_replay():
    body = envelope(idempotency_key="draft-1", payload={"text": "Hola"})
    sig = sign(SECRET, 1_800_000_000, 1, body)
    assert sig.startswith("sha256=") and len(sig) == 7 + 64
    assert verify(SECRET, "1800000000", "1", body, sig, now=1_800_000_010)
    assert not verify(SECRET, "1800000000", "1", body.replace(b"Hola", b"Hole"), sig, now=1_800_000_010)
    assert not verify("other-other-other-other-other-other", "1800000000", "1", body, sig, now=1_800_000_010)
    assert not verify(
        SECRET, "1800000000", "1", body, sig, now=1_800_000_000 + REPLAY_WINDOW_S + 1
    )  # too old
    assert not verify(SECRET, "1800000000", "1", body, sig, now=1_800_000_000 - REPLAY_WINDOW_S - 1)  # future
    assert not verify(SECRET, "nope", "1", body, sig)


def test_the_timestamp_and_the_attempt_are_both_signed():
    body = envelope(idempotency_key="draft-1", payload={"text": "Hola"})
    sig = sign(SECRET, 1_800_000_000, 2, body)
    # A replay cannot move the timestamp into the window, nor pass for another attempt, without the secret.
    assert not verify(SECRET, "1800000500", "2", body, sig, now=1_800_000_500)
    assert not verify(SECRET, "1800000000", "1", body, sig, now=1_800_000_000)
    assert not verify(
        SECRET, "1800000000", "0", body, sign(SECRET, 1_800_000_000, 0, body), now=1_800_000_000
    )
    assert verify(SECRET, "1800000000", "2", body, sig, now=1_800_000_000)


def test_the_documented_verification_recipe_agrees_with_sign():
    """The snippet in docs/review.md, written out independently of drafter.outbox.signing."""
    body = envelope(idempotency_key="draft-9", payload={"text": "Привет"})
    ts, attempt = "1800000000", "3"
    expected = (
        "sha256=" + hmac.new(SECRET.encode(), f"{ts}.{attempt}.".encode() + body, hashlib.sha256).hexdigest()
    )
    assert sign(SECRET, int(ts), int(attempt), body) == expected


def test_envelope_is_the_same_bytes_every_time():
    a = envelope(idempotency_key="k", payload={"b": 1, "a": "ü"})
    assert a == envelope(idempotency_key="k", payload={"a": "ü", "b": 1})
    assert "ü".encode() in a
