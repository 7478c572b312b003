"""The two ways an alert goes out: a signed JSON post to a webhook, and a plain-text e-mail over SMTP.

The webhook follows the outbox's rules exactly (drafter.outbox.destination): https to public addresses
only, unless the store lists the host in webhook_allow_http_hosts / webhook_allow_private_hosts (a
development receiver), a webhook_secret of at least 32 bytes, the call made to the checked address. It is
signed like an outbox delivery (drafter.outbox.signing), so a receiver verifies both the same way; the
body's `type` is `drafter.alert`.
"""

from __future__ import annotations

import hashlib
import json
import time
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any

import httpx

from drafter.channels import ChannelError
from drafter.channels.email.smtp import SmtpAccount, send
from drafter.config import Settings
from drafter.models import StoreProfile
from drafter.outbox.destination import LookupFailed, WebhookRefused, resolve
from drafter.outbox.signing import (
    ATTEMPT_HEADER,
    IDEMPOTENCY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    sign,
)


class SendFailed(Exception):
    """One try failed. retry=False: trying again cannot help (a refused destination, no SMTP server)."""

    def __init__(self, message: str, *, retry: bool = True) -> None:
        super().__init__(message)
        self.retry = retry


def alert_body(*, key: str, alert: dict[str, Any]) -> bytes:
    doc = {"type": "drafter.alert", "idempotency_key": key, "alert": alert}
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def post_alert(
    client: httpx.Client, *, store: StoreProfile, url: str, key: str, alert: dict[str, Any], attempt: int
) -> int:
    """POST the alert; returns the HTTP status. The URL is checked as the store's webhook would be."""
    target = store.model_copy(update={"webhook_url": url})
    try:
        destination = resolve(target)
    except WebhookRefused as exc:
        raise SendFailed(f"refused: {exc}", retry=False) from None
    except LookupFailed as exc:
        raise SendFailed(str(exc)) from None
    body = alert_body(key=key, alert=alert)
    ts = int(time.time())
    headers = {
        "Content-Type": "application/json",
        IDEMPOTENCY_HEADER: key,
        TIMESTAMP_HEADER: str(ts),
        SIGNATURE_HEADER: sign(store.webhook_secret or "", ts, attempt, body),
        ATTEMPT_HEADER: str(attempt),
        "User-Agent": "Drafter-Alerts/1",
        "Host": destination.host_header(),
    }
    extensions = {"sni_hostname": destination.host} if destination.scheme == "https" else {}
    try:
        res = client.post(destination.pinned_url(), content=body, headers=headers, extensions=extensions)
    except httpx.HTTPError as exc:
        raise SendFailed(f"{type(exc).__name__}: {exc}"[:500]) from None
    if not 200 <= res.status_code < 300:
        raise SendFailed(f"HTTP {res.status_code}: {res.text[:300]}", retry=res.status_code >= 500)
    return res.status_code


def smtp_account(settings: Settings) -> SmtpAccount | None:
    if not settings.smtp_host:
        return None
    return SmtpAccount(
        host=settings.smtp_host,
        port=settings.smtp_port,
        security=settings.smtp_security,
        username=settings.smtp_username,
        password=settings.smtp_password,
        timeout_s=settings.smtp_timeout_s,
        tls=None,
    )


def mail_alert(settings: Settings, *, to: str, key: str, subject: str, text: str) -> None:
    account = smtp_account(settings)
    if account is None:
        raise SendFailed("no SMTP server configured (DRAFTER_SMTP_HOST)", retry=False)
    msg = EmailMessage()
    msg["From"] = settings.smtp_from
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False, usegmt=True)
    # The same Message-ID on every try: a relay or mail client that dedupes shows a retried alert once.
    domain = settings.smtp_from.rpartition("@")[2] or "drafter.local"
    msg["Message-ID"] = f"<alert.{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"
    msg["X-Drafter-Alert"] = key
    msg.set_content(text)
    try:
        send(account, msg, envelope_from=settings.smtp_from, to=to)
    except ChannelError as exc:
        raise SendFailed(str(exc), retry=exc.transient) from None
