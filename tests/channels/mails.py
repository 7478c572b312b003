"""Buyer mails built for the tests, in the shapes the channels receive (built here, not copied from anywhere)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid


def amazon_relay_mail(
    *,
    alias: str,
    to: str,
    order_id: str | None,
    words: str,
    quoted: str = "",
    subject: str | None = None,
    message_id: str | None = None,
    when: datetime | None = None,
) -> bytes:
    """A buyer message as Amazon's relay forwards it: from the alias, wrapped in Begin/End marker lines."""
    msg = EmailMessage()
    msg["From"] = f"Buyer via Amazon <{alias}>"
    msg["To"] = to
    msg["Subject"] = subject or (
        f"Inquiry from Amazon customer (Order: {order_id})" if order_id else "Inquiry from Amazon customer"
    )
    msg["Date"] = format_datetime(when or datetime.now(UTC))
    msg["Message-ID"] = message_id or make_msgid(domain="relay.test")
    body = ["------------- Begin message -------------", "", words]
    if quoted:
        body += ["", quoted]
    body += [
        "",
        "------------- End message -------------",
        "",
        "Respond to this message by replying to this e-mail.",
        f"Order ID: {order_id}" if order_id else "",
        "Was this e-mail helpful? Yes / No",
    ]
    msg.set_content("\n".join(body))
    return bytes(msg)


def shopify_contact_mail(*, to: str, name: str, email: str, words: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Shopify <mailer@shopify.com>"
    msg["Reply-To"] = f"{name} <{email}>"
    msg["To"] = to
    msg["Subject"] = "New customer message"
    msg["Message-ID"] = make_msgid(domain="shopify.test")
    msg.set_content(
        f"You received a new message from your online store's contact form.\n\nName:\n{name}\n\n"
        f"Email:\n{email}\n\nPhone Number:\n\nBody:\n{words}\n"
    )
    return bytes(msg)


def plain_mail(
    *,
    sender: str,
    to: str,
    subject: str,
    words: str,
    headers: dict[str, str] | None = None,
    html: bool = False,
) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, subject
    msg["Message-ID"] = make_msgid(domain="mail.test")
    for key, value in (headers or {}).items():
        msg[key] = value
    if html:
        msg.set_content(f"<html><body><p>{words}</p><script>x()</script></body></html>", subtype="html")
    else:
        msg.set_content(words)
    return bytes(msg)
