from __future__ import annotations

from drafter.outbox.delivery import envelope
from drafter.outbox.signing import sign, verify


def test_signature_verifies_and_detects_tampering_and_replay():
    body = envelope(idempotency_key="draft-1", payload={"text": "Hola"})
    sig = sign("s3cret", 1_800_000_000, body)
    assert sig.startswith("sha256=") and len(sig) == 7 + 64
    assert verify("s3cret", "1800000000", body, sig, now=1_800_000_010)
    assert not verify("s3cret", "1800000000", body.replace(b"Hola", b"Hole"), sig, now=1_800_000_010)
    assert not verify("other", "1800000000", body, sig, now=1_800_000_010)
    assert not verify("s3cret", "1800000000", body, sig, now=1_800_001_000)  # too old
    assert not verify("s3cret", "nope", body, sig)


def test_envelope_is_the_same_bytes_every_time():
    a = envelope(idempotency_key="k", payload={"b": 1, "a": "ü"})
    assert a == envelope(idempotency_key="k", payload={"a": "ü", "b": 1})
    assert "ü".encode() in a
