"""A received mail -> who to answer, in which thread, about which order, and only the buyer's new words.

Amazon relay mail comes from an anonymised alias at marketplace.amazon.<tld> (the TLD names the
marketplace); the buyer's words sit between Amazon's "Begin message" / "End message" lines, and the
order id is in the subject or body. A Shopify contact-form mail comes from Shopify with the customer in
Reply-To and the form as "Label:" lines. Any other mail is a buyer writing to the support mailbox.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser

from drafter.channels.email.rules import MailRules
from drafter.models import MAX_TEXT_CHARS


@dataclass
class ParsedMail:
    message_id: str | None
    references: list[str]
    subject: str
    from_addr: str
    reply_addr: str
    sent_at: datetime | None
    text: str
    source: str  # amazon | shopify | mail
    order_id: str | None = None
    marketplace: str | None = None
    locale: str | None = None
    skip_reason: str | None = None
    customer_name: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


class _TextOfHtml(HTMLParser):
    """Plain text of an HTML-only mail (block tags become line breaks; scripts and styles dropped)."""

    BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _ids(value: str | None) -> list[str]:
    return re.findall(r"<([^<>\s]+)>", value or "")


def _address(msg: EmailMessage, header: str) -> tuple[str, str]:
    pairs = getaddresses([str(v) for v in msg.get_all(header, [])])
    return (pairs[0][0], pairs[0][1].strip().lower()) if pairs and pairs[0][1] else ("", "")


def body_text(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError):  # an unknown or lying charset: keep what decodes
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""
    if part.get_content_type() == "text/html":
        parser = _TextOfHtml()
        parser.feed(content)
        content = "".join(parser.parts)
    return content.replace("\r\n", "\n")


def strip_quoted(text: str, rules: MailRules) -> str:
    """The new text only: stops at the first quote header line; drops '>' lines and trailing blank lines."""
    kept: list[str] = []
    for line in text.split("\n"):
        if any(p.match(line) for p in rules.quote_headers):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def _amazon(parsed: ParsedMail, text: str, rules: MailRules, tld: str) -> None:
    parsed.source = "amazon"
    info = rules.amazon_marketplaces.get(tld.lower(), {})
    parsed.marketplace, parsed.locale = info.get("marketplace", f"amazon.{tld}"), info.get("locale")
    whole = text
    start, end = rules.amazon_body_start.search(text), rules.amazon_body_end.search(text)
    if start:
        text = text[start.end() : end.start() if end and end.start() > start.end() else len(text)]
    parsed.text = strip_quoted(text, rules)
    # The subject names the order when the buyer wrote from it; else the buyer's words or Amazon's footer.
    found = (
        rules.amazon_order_id.search(parsed.subject)
        or rules.amazon_order_id.search(parsed.text)
        or rules.amazon_order_id.search(whole)
    )
    parsed.order_id = found.group(1) if found else None


def _shopify_fields(text: str, rules: MailRules) -> dict[str, str]:
    """'Label:' lines (value on the same line or the lines after) -> {name, email, phone, body}."""
    label_of = {label.lower(): key for key, labels in rules.shopify_labels.items() for label in labels}
    fields: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.split("\n"):
        head, sep, rest = line.partition(":")
        key = label_of.get(head.strip().lower()) if sep else None
        if key:
            current = key
            fields.setdefault(key, [])
            if rest.strip():
                fields[key].append(rest.strip())
        elif current:
            fields[current].append(line.rstrip())
    return {k: "\n".join(v).strip() for k, v in fields.items()}


def _shopify(parsed: ParsedMail, text: str, rules: MailRules) -> None:
    parsed.source = "shopify"
    fields = _shopify_fields(text, rules)
    if fields.get("email") and (not parsed.reply_addr or parsed.reply_addr == parsed.from_addr):
        parsed.reply_addr = fields["email"].split()[0].strip("<>").lower()
    parsed.customer_name = fields.get("name") or None
    parsed.text = strip_quoted(fields.get("body") or text, rules)
    found = rules.shopify_order_id.search(parsed.text) or rules.shopify_order_id.search(parsed.subject)
    parsed.order_id = found.group(1) if found else None


def parse_mail(raw: bytes, rules: MailRules, *, own_addresses: set[str]) -> ParsedMail:
    msg: EmailMessage = email.message_from_bytes(raw, policy=email.policy.default)
    _, from_addr = _address(msg, "From")
    _, reply_addr = _address(msg, "Reply-To")
    try:
        sent_at = parsedate_to_datetime(str(msg["Date"])) if msg["Date"] else None
        if sent_at is not None and sent_at.tzinfo is None:
            sent_at = sent_at.replace(tzinfo=UTC)
    except (TypeError, ValueError):
        sent_at = None
    ids = _ids(str(msg.get("Message-ID", "")))
    parsed = ParsedMail(
        message_id=ids[0] if ids else None,
        references=_ids(str(msg.get("References", ""))) or _ids(str(msg.get("In-Reply-To", ""))),
        subject=str(msg.get("Subject", "")).strip(),
        from_addr=from_addr,
        reply_addr=reply_addr or from_addr,
        sent_at=sent_at,
        text="",
        source="mail",
    )
    text = body_text(msg)
    alias = rules.amazon_alias.search(from_addr)
    if alias:
        _amazon(parsed, text, rules, alias.group(1))
    elif rules.shopify_sender.search(from_addr):
        _shopify(parsed, text, rules)
    else:
        parsed.text = strip_quoted(text, rules)
    parsed.text = parsed.text[:MAX_TEXT_CHARS]
    parsed.skip_reason = _skip_reason(msg, parsed, own_addresses)
    return parsed


def _skip_reason(msg: EmailMessage, parsed: ParsedMail, own_addresses: set[str]) -> str | None:
    """Mail that must not become a draft: our own, automatic (bounces, vacation replies), or empty."""
    if parsed.from_addr in own_addresses:
        return "sent by this mailbox's own address"
    auto = str(msg.get("Auto-Submitted", "no")).strip().lower()
    if auto and auto != "no":
        return f"automatic mail (Auto-Submitted: {auto})"
    if parsed.from_addr.split("@")[0] in ("mailer-daemon", "postmaster"):
        return "delivery status notification"
    if not parsed.reply_addr:
        return "no address to answer"
    if not parsed.text.strip():
        return "no text from the buyer"
    return None
