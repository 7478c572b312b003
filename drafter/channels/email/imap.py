"""IMAP in: new mail after a UID cursor, read without changing the mailbox (EXAMINE, BODY.PEEK).

The cursor is (UIDVALIDITY, last UID). UIDs only grow within one UIDVALIDITY (RFC 3501 2.3.1.1), so
"UID last+1:*" is exactly the new mail; when the server renumbers the mailbox (a new UIDVALIDITY) the
cursor restarts from the beginning and the Message-ID dedupe keeps old mail from being drafted twice.
"""

from __future__ import annotations

import imaplib
import re
import ssl
from dataclasses import dataclass
from typing import Any

from drafter.channels import ChannelError

_UID = re.compile(rb"\bUID (\d+)")


@dataclass(frozen=True)
class ImapAccount:
    host: str
    port: int
    security: str  # ssl | starttls | plain
    username: str
    password: str
    mailbox: str
    timeout_s: float
    tls: ssl.SSLContext | None


@dataclass(frozen=True)
class NewMail:
    uidvalidity: int
    messages: list[tuple[int, bytes]]  # (uid, raw RFC 822 bytes), oldest first
    more: bool


def connect(account: ImapAccount) -> imaplib.IMAP4:
    try:
        if account.security == "ssl":
            conn: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                account.host, account.port, ssl_context=account.tls, timeout=account.timeout_s
            )
        else:
            conn = imaplib.IMAP4(account.host, account.port, timeout=account.timeout_s)
            if account.security == "starttls":
                conn.starttls(ssl_context=account.tls)
        conn.login(account.username, account.password)
    except imaplib.IMAP4.error as exc:  # the server said no: wrong user or password, TLS refused
        raise ChannelError(
            f"IMAP login to {account.host}:{account.port} refused: {exc}", transient=False
        ) from None
    except (OSError, ssl.SSLError) as exc:
        raise ChannelError(f"IMAP {account.host}:{account.port} unreachable: {exc}") from None
    return conn


def _uidvalidity(conn: imaplib.IMAP4) -> int:
    _, data = conn.response("UIDVALIDITY")
    if not data or data[0] is None:
        raise ChannelError("the IMAP server gave no UIDVALIDITY", transient=False)
    return int(data[0])


def fetch_new(account: ImapAccount, cursor: dict[str, Any], *, limit: int) -> NewMail:
    conn = connect(account)
    try:
        typ, data = conn.select(_quoted(account.mailbox), readonly=True)
        if typ != "OK":
            raise ChannelError(f"mailbox {account.mailbox!r}: {data!r}", transient=False)
        uidvalidity = _uidvalidity(conn)
        last = int(cursor.get("last_uid", 0)) if cursor.get("uidvalidity") == uidvalidity else 0
        # charset None: imaplib sends no CHARSET (typeshed types the argument as str only)
        typ, data = conn.uid("SEARCH", None, f"UID {last + 1}:*")  # type: ignore[arg-type]
        # "n:*" always matches the newest message even when its UID is below n: filter.
        uids = sorted(u for u in (int(x) for x in (data[0] or b"").split()) if u > last)
        batch = uids[:limit]
        messages: list[tuple[int, bytes]] = []
        if batch:
            typ, data = conn.uid("FETCH", ",".join(map(str, batch)), "(UID BODY.PEEK[])")
            if typ != "OK":
                raise ChannelError(f"IMAP FETCH failed: {data!r}")
            for part in data:
                if isinstance(part, tuple):
                    uid = _UID.search(part[0])
                    if uid:
                        messages.append((int(uid.group(1)), part[1]))
        messages.sort()
        return NewMail(uidvalidity, messages, more=len(uids) > len(batch))
    except (imaplib.IMAP4.abort, OSError) as exc:
        raise ChannelError(f"IMAP connection lost: {exc}") from None
    except imaplib.IMAP4.error as exc:
        raise ChannelError(f"IMAP error: {exc}") from None
    finally:
        try:
            conn.logout()
        except (imaplib.IMAP4.error, OSError):
            pass


def probe(account: ImapAccount) -> dict[str, Any]:
    conn = connect(account)
    try:
        typ, data = conn.select(_quoted(account.mailbox), readonly=True)
        if typ != "OK":
            raise ChannelError(f"mailbox {account.mailbox!r}: {data!r}", transient=False)
        return {
            "imap": "ok",
            "mailbox": account.mailbox,
            "messages": int(data[0] or 0),
            "uidvalidity": _uidvalidity(conn),
        }
    finally:
        conn.logout()


def _quoted(mailbox: str) -> str:
    return '"' + mailbox.replace("\\", "\\\\").replace('"', '\\"') + '"'
