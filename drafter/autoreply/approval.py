"""A person's approval of each auto-reply kit text, kept per text with the hash of the words approved.

The kit is rebuilt from knowledge/ and the store profile on every read, so a text changes whenever its
template, the store's hours or its policy change; an approval counts only while the hash still matches,
and a changed text shows as needing approval again. Only a text that passes lint can be approved.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from drafter.autoreply.kit import ApprovalState, AutoReplyKit, KitText
from drafter.errors import DrafterError, LintBlocked, NotFound
from drafter.persistence.tables import KitApproval
from drafter.timeutil import as_utc


class KitTextChanged(DrafterError):
    code = "kit_text_changed"
    status = 409


class KitTextNotFound(NotFound):
    code = "kit_text_not_found"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _key(language: str, kind: str, topic: str | None) -> tuple[str, str, str]:
    return language, kind, topic or ""


def _rows(session: Session, store_id: str, platform: str) -> dict[tuple[str, str, str], KitApproval]:
    rows = session.scalars(
        select(KitApproval).where(KitApproval.store_id == store_id, KitApproval.platform == platform)
    )
    return {_key(r.language, r.kind, r.topic): r for r in rows}


def _state(text: KitText, row: KitApproval | None) -> ApprovalState:
    if row is None:
        return ApprovalState(approved=False)
    same = row.text_hash == text.text_hash
    return ApprovalState(
        approved=same,
        stale=not same,
        approved_by=row.approved_by,
        approved_at=as_utc(row.approved_at),
        approved_hash=row.text_hash,
    )


def with_approvals(session: Session, kit: AutoReplyKit) -> AutoReplyKit:
    """The kit with each text's hash and approval state filled in."""
    rows = _rows(session, kit.store_id, kit.platform.value)
    for text in kit.texts:
        text.text_hash = text_hash(text.text)
        text.approval = _state(text, rows.get(_key(text.language, text.kind, text.topic)))
    kit.approved = all(t.approval is not None and t.approval.approved for t in kit.texts)
    return kit


def approve(
    session: Session,
    *,
    kit: AutoReplyKit,
    language: str,
    kind: str,
    topic: str | None,
    seen_hash: str,
    actor: str,
) -> KitText:
    """Approve one text of the kit as the reviewer saw it (`seen_hash`): refused when it has changed since."""
    wanted = _key(language, kind, topic)
    text = next((t for t in kit.texts if _key(t.language, t.kind, t.topic) == wanted), None)
    if text is None:
        raise KitTextNotFound(
            f"the {kit.platform.value} kit has no {kind} text in {language}"
            + (f" for {topic}" if topic else ""),
            details={"language": language, "kind": kind, "topic": topic},
        )
    current = text_hash(text.text)
    if current != seen_hash:
        raise KitTextChanged(
            "the text has changed since it was shown; reload the kit and review it again",
            details={"text_hash": current},
        )
    if not text.lint.ok:
        raise LintBlocked(
            "the text breaks a blocking rule; it cannot be approved", details=text.lint.model_dump()
        )
    row = _rows(session, kit.store_id, kit.platform.value).get(wanted)
    if row is None:
        row = KitApproval(
            store_id=kit.store_id,
            platform=kit.platform.value,
            language=language,
            kind=kind,
            topic=topic or "",
        )
        session.add(row)
    row.text_hash, row.approved_by, row.approved_at = current, actor, datetime.now(UTC)
    session.flush()
    text.text_hash = current
    text.approval = _state(text, row)
    return text
