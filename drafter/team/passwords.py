"""Passwords: bcrypt (pyca/bcrypt, already installed with the vector store's dependencies and pinned).

bcrypt reads at most 72 bytes of a password and bcrypt 5 refuses longer ones; rather than pre-hashing
(home-made crypto), a password is limited to 72 UTF-8 bytes and a longer one gets a clear 422.
"""

from __future__ import annotations

from functools import cache

import bcrypt

from drafter.errors import DrafterError

MIN_CHARS = 8
MAX_BYTES = 72


@cache
def _dummy_hash() -> bytes:
    """Checked when the e-mail is unknown, so a wrong e-mail costs as long as a wrong password (made on
    first use: hashing at import would slow every start)."""
    return bcrypt.hashpw(b"drafter-no-such-user", bcrypt.gensalt(rounds=12))


class WeakPassword(DrafterError):
    code = "weak_password"
    status = 422


def check_strength(password: str) -> None:
    if len(password) < MIN_CHARS:
        raise WeakPassword(f"a password needs at least {MIN_CHARS} characters")
    if len(password.encode("utf-8")) > MAX_BYTES:
        raise WeakPassword(f"a password may have at most {MAX_BYTES} bytes (UTF-8)", code="password_too_long")


def hash_password(password: str, *, rounds: int = 12) -> str:
    check_strength(password)
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=rounds)).decode("ascii")


def verify_password(password: str, stored: str | None) -> bool:
    """Constant-time (bcrypt.checkpw); False for a person without a password, after the same work."""
    raw = password.encode("utf-8")
    if stored is None or len(raw) > MAX_BYTES:
        bcrypt.checkpw(b"drafter-no-such-user", _dummy_hash())
        return False
    return bcrypt.checkpw(raw, stored.encode("ascii"))
