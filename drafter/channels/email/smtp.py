"""SMTP out: one plain-text reply in the buyer's thread.

The Message-ID is made from the outbox idempotency key, so a reply sent again after a crash (the SMTP
server accepted it, the outbox had not yet recorded that) carries the same id, and a mail client or a
relay that dedupes by Message-ID shows it once.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, formatdate

from drafter.channels import ChannelError


@dataclass(frozen=True)
class SmtpAccount:
    host: str
    port: int
    security: str  # ssl | starttls | plain
    username: str | None
    password: str | None
    timeout_s: float
    tls: ssl.SSLContext | None


def reply_subject(original: str, *, important: str | None) -> str:
    subject = original.strip() or "Your message"
    if not subject.lower().startswith(("re:", "aw:", "sv:", "ответ:")):
        subject = f"Re: {subject}"
    if important and important.lower() not in subject.lower():
        subject = f"{important} {subject}"
    return subject


def build_reply(
    *,
    from_address: str,
    from_name: str,
    to: str,
    subject: str,
    text: str,
    message_id: str,
    in_reply_to: str | None,
    references: list[str],
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = formataddr((from_name, from_address)) if from_name else from_address
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False, usegmt=True)
    msg["Message-ID"] = f"<{message_id}>"
    if in_reply_to:
        msg["In-Reply-To"] = f"<{in_reply_to}>"
        msg["References"] = " ".join(f"<{r}>" for r in [*references, in_reply_to][-20:])
    msg.set_content(text)  # text/plain; charset=utf-8: the relay forbids HTML-only mail and links
    return msg


def _open(account: SmtpAccount) -> smtplib.SMTP:
    if account.security == "ssl":
        conn: smtplib.SMTP = smtplib.SMTP_SSL(
            account.host, account.port, timeout=account.timeout_s, context=account.tls
        )
    else:
        conn = smtplib.SMTP(account.host, account.port, timeout=account.timeout_s)
        if account.security == "starttls":
            conn.starttls(context=account.tls)
    if account.username:
        conn.login(account.username, account.password or "")
    return conn


def send(account: SmtpAccount, msg: EmailMessage, *, envelope_from: str, to: str) -> None:
    try:
        conn = _open(account)
        try:
            conn.send_message(msg, from_addr=envelope_from, to_addrs=[to])
        finally:
            try:
                conn.quit()
            except (smtplib.SMTPException, OSError):
                pass
    except smtplib.SMTPResponseException as exc:
        # 4xx: try later (greylisting, rate limits); 5xx: the server refuses this mail or these credentials.
        raise ChannelError(
            f"SMTP {exc.smtp_code}: {exc.smtp_error!r}", transient=exc.smtp_code < 500
        ) from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise ChannelError(f"SMTP refused the recipient: {exc.recipients}", transient=False) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise ChannelError(f"SMTP {account.host}:{account.port}: {type(exc).__name__}: {exc}") from None


def probe(account: SmtpAccount) -> dict[str, str]:
    try:
        conn = _open(account)
        conn.noop()
        conn.quit()
    except smtplib.SMTPResponseException as exc:
        raise ChannelError(f"SMTP {exc.smtp_code}: {exc.smtp_error!r}", transient=False) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise ChannelError(f"SMTP {account.host}:{account.port}: {exc}") from None
    return {"smtp": "ok"}
