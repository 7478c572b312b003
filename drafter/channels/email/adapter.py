"""The e-mail adapter: options, and fetch/send/check over imap.py and smtp.py."""

from __future__ import annotations

import ssl
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from drafter.channels import ChannelError, Fetched, Inbound, Reply, SendResult, register_channel
from drafter.channels.config import ChannelConfig, typed_options
from drafter.channels.email import imap, smtp
from drafter.channels.email.parse import ParsedMail, parse_mail
from drafter.channels.email.rules import mail_rules
from drafter.config import Settings
from drafter.models import BuyerMessage, ThreadMessage
from drafter.notices import load_notice_rules, recognize_notice

Security = Literal["ssl", "starttls", "plain"]


class EmailOptions(BaseModel):
    """Secrets: imap_password (required), smtp_password (default: imap_password)."""

    model_config = ConfigDict(extra="forbid")

    imap_host: str
    imap_port: int = 993
    imap_security: Security = "ssl"
    imap_username: str
    mailbox: str = "INBOX"
    smtp_host: str
    smtp_port: int = 465
    smtp_security: Security = "ssl"
    smtp_username: str | None = Field(None, description="Default: imap_username; '' sends without AUTH.")
    from_address: str = Field(
        pattern=r"^[^@\s]+@[^@\s]+$", description="Amazon: the registered or an authorised sender."
    )
    from_name: str = ""
    # Amazon relay: only mail from a buyer alias is a buyer message (Amazon's own notices are not).
    only_amazon_aliases: bool | None = Field(None, description="Default: on for the amazon platform.")
    important_on_escalation: bool | None = Field(
        None, description="'[Important]' on escalated replies; default: on for the amazon platform."
    )
    tls_ca_file: str | None = Field(None, description="CA bundle for a private certificate authority.")
    timeout_s: float = 30.0


def _tls(options: EmailOptions) -> ssl.SSLContext:
    try:
        return ssl.create_default_context(cafile=options.tls_ca_file)
    except (OSError, ssl.SSLError) as exc:
        raise ValueError(f"tls_ca_file {options.tls_ca_file}: {exc}") from None


class EmailAdapter:
    kind = "email"

    def __init__(self, config: ChannelConfig, settings: Settings) -> None:
        self.config = config
        self.options: EmailOptions = typed_options(EmailOptions, config)
        if not config.secret("imap_password"):
            raise ValueError("the e-mail channel needs the secret imap_password")
        self.rules = mail_rules(settings.knowledge_dir)
        self.notice_rules = load_notice_rules(settings.knowledge_dir)
        amazon = config.platform == "amazon"
        o = self.options
        self.only_aliases = amazon if o.only_amazon_aliases is None else o.only_amazon_aliases
        self.important = amazon if o.important_on_escalation is None else o.important_on_escalation
        tls = _tls(o)
        self.imap = imap.ImapAccount(
            o.imap_host,
            o.imap_port,
            o.imap_security,
            o.imap_username,
            config.secret("imap_password") or "",
            o.mailbox,
            o.timeout_s,
            tls,
        )
        smtp_user = o.imap_username if o.smtp_username is None else o.smtp_username
        self.smtp = smtp.SmtpAccount(
            o.smtp_host,
            o.smtp_port,
            o.smtp_security,
            smtp_user or None,
            config.secret("smtp_password") or config.secret("imap_password"),
            o.timeout_s,
            tls,
        )

    # ------------------------------------------------------------------ in

    def fetch(self, cursor: dict[str, Any], *, limit: int) -> Fetched:
        new = imap.fetch_new(self.imap, cursor, limit=limit)
        items = [self._safe_inbound(uid, raw, new.uidvalidity) for uid, raw in new.messages]
        last = (
            new.messages[-1][0]
            if new.messages
            else (int(cursor.get("last_uid", 0)) if cursor.get("uidvalidity") == new.uidvalidity else 0)
        )
        return Fetched(items=items, cursor={"uidvalidity": new.uidvalidity, "last_uid": last}, more=new.more)

    def _safe_inbound(self, uid: int, raw: bytes, uidvalidity: int) -> Inbound:
        """One mail that cannot be read is recorded as skipped with the reason; it never blocks the mailbox."""
        try:
            return self._inbound(uid, raw, uidvalidity)
        except (ValueError, LookupError, TypeError) as exc:
            return Inbound(
                external_id=f"uid:{uidvalidity}:{uid}", skip_reason=f"unreadable mail: {exc}"[:500]
            )

    def _inbound(self, uid: int, raw: bytes, uidvalidity: int) -> Inbound:
        mail = parse_mail(raw, self.rules, own_addresses={self.options.from_address.lower()})
        # The Message-ID is the dedupe key: it survives a mailbox renumbering and a mail delivered twice.
        external_id = f"mid:{mail.message_id}" if mail.message_id else f"uid:{uidvalidity}:{uid}"
        reply_to_base = {
            "address": mail.reply_addr,
            "subject": mail.subject,
            "message_id": mail.message_id,
            "source": mail.source,
            "uid": uid,
        }
        # A platform's system notice (IP complaint, penalty...) is never a buyer message: raised, not drafted.
        notice = recognize_notice(
            sender=mail.from_addr,
            subject=mail.subject,
            body=mail.text,
            received_at=mail.sent_at,
            rules=self.notice_rules,
        )
        if notice is not None:
            return Inbound(
                external_id=external_id[:500],
                reply_to=reply_to_base,
                skip_reason=f"system notice: {notice.kind}",
                notice=notice,
            )
        skip = mail.skip_reason
        if not skip and self.only_aliases and mail.source != "amazon":
            skip = f"not from an Amazon buyer alias ({mail.from_addr})"
        reply_to = {
            "address": mail.reply_addr,
            "subject": mail.subject,
            "message_id": mail.message_id,
            "references": mail.references[-19:],
            "source": mail.source,
            "uid": uid,
            "marketplace": mail.marketplace,
        }
        if skip:
            return Inbound(external_id=external_id[:500], reply_to=reply_to, skip_reason=skip)
        return Inbound(external_id=external_id[:500], message=self._message(mail), reply_to=reply_to)

    def _message(self, mail: ParsedMail) -> BuyerMessage:
        thread = []
        if mail.subject and mail.source != "amazon":  # the subject often carries the question itself
            thread.append(ThreadMessage(author="buyer", text=f"Subject: {mail.subject}"[:10_000]))
        return BuyerMessage(
            platform=self.config.platform,
            store_id=self.config.store_id,
            text=mail.text,
            order_id=mail.order_id,
            buyer_locale=mail.locale,
            received_at=mail.sent_at,
            thread=thread,
        )

    # ------------------------------------------------------------------ out

    def send(self, reply: Reply) -> SendResult:
        to = reply.reply_to.get("address")
        if not to:
            raise ChannelError("the inbound mail left no address to answer", transient=False)
        important = self.rules.important_marker if (reply.escalated and self.important) else None
        domain = self.options.from_address.rpartition("@")[2]
        message_id = f"{reply.idempotency_key}@{domain}"
        msg = smtp.build_reply(
            from_address=self.options.from_address,
            from_name=self.options.from_name,
            to=to,
            subject=smtp.reply_subject(reply.reply_to.get("subject", ""), important=important),
            text=reply.text,
            message_id=message_id,
            in_reply_to=reply.reply_to.get("message_id"),
            references=list(reply.reply_to.get("references") or []),
        )
        smtp.send(self.smtp, msg, envelope_from=self.options.from_address, to=to)
        return SendResult(ref=message_id)

    def check(self) -> dict[str, Any]:
        return {**imap.probe(self.imap), **smtp.probe(self.smtp)}


@register_channel("email")
def _email(config: ChannelConfig, settings: Settings) -> EmailAdapter:
    return EmailAdapter(config, settings)
