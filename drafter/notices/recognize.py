"""Tell a platform's system notice from a buyer's message, name its kind and work out its deadline.

Rules are data (knowledge/notices/<platform>.yaml): who sends notices, what each kind says, and a
default deadline for a notice that states none. A notice that states a deadline ("within 3 days",
"请在2个工作日内") keeps the earlier of the two, so a default never gives a lead more time than the
platform does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import BaseModel, Field

from drafter.knowledge import read_yaml

_FLAGS = re.IGNORECASE


@dataclass(frozen=True)
class NoticeKind:
    name: str
    deadline_hours: float
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class NoticeRules:
    platform: str
    senders: tuple[re.Pattern[str], ...]
    not_notice: tuple[re.Pattern[str], ...]
    kinds: tuple[NoticeKind, ...]
    relative: tuple[re.Pattern[str], ...]
    absolute: tuple[re.Pattern[str], ...]
    unit_hours: dict[str, float]


class SystemNotice(BaseModel):
    platform: str
    kind: str = Field(
        description="ip_complaint | account_security | penalty | policy_warning | info "
        "(platform mail of no such kind: not drafted, not raised)"
    )
    sender: str
    subject: str
    evidence: str = Field("", description="the words that named the kind")
    received_at: datetime
    deadline: datetime | None = None
    deadline_stated: bool = Field(
        False, description="the notice states this deadline itself (else Drafter's default)"
    )

    @property
    def alert(self) -> bool:
        """Raise it to the store's leads (every kind but info)."""
        return self.kind != "info"


def load_notice_rules(knowledge_dir: Path) -> list[NoticeRules]:
    folder = knowledge_dir / "notices"
    timing = read_yaml(folder / "deadlines.yaml")
    relative = tuple(re.compile(p, _FLAGS) for p in timing["relative"])
    absolute = tuple(re.compile(p, _FLAGS) for p in timing["absolute"])
    units = {str(k).lower(): float(v) for k, v in timing["unit_hours"].items()}
    rules = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "deadlines.yaml":
            continue
        data = read_yaml(path)
        kinds = tuple(
            NoticeKind(
                name, float(spec["deadline_hours"]), tuple(re.compile(p, _FLAGS) for p in spec["patterns"])
            )
            for name, spec in data["kinds"].items()
        )
        rules.append(
            NoticeRules(
                platform=data["platform"],
                senders=tuple(re.compile(p, _FLAGS) for p in data["senders"]),
                not_notice=tuple(re.compile(p, _FLAGS) for p in data.get("not_notice", [])),
                kinds=kinds,
                relative=relative,
                absolute=absolute,
                unit_hours=units,
            )
        )
    return rules


def _stated_deadline(text: str, rules: NoticeRules, received_at: datetime) -> datetime | None:
    found: list[datetime] = []
    for pattern in rules.relative:
        for m in pattern.finditer(text):
            hours = rules.unit_hours.get(m.group("unit").lower())
            if hours:
                found.append(received_at + timedelta(hours=int(m.group("n")) * hours))
    for pattern in rules.absolute:
        for m in pattern.finditer(text):
            parts = re.split(r"[-/年月]", m.group("date"))
            try:
                day = datetime(int(parts[0]), int(parts[1]), int(parts[2]), 23, 59, tzinfo=received_at.tzinfo)
            except ValueError:
                continue
            if day > received_at:
                found.append(day)
    return min(found) if found else None


def recognize_notice(
    *, sender: str, subject: str, body: str, received_at: datetime | None, rules: list[NoticeRules]
) -> SystemNotice | None:
    """The notice this mail is, or None when it is not from a platform's notice sender. Mail from a
    platform's own address is never a buyer's message: what names no kind is `info`."""
    received_at = received_at or datetime.now(UTC)
    if received_at.tzinfo is None:
        received_at = received_at.replace(tzinfo=UTC)
    address = sender.strip().strip("<>").lower()
    text = f"{subject}\n{body}"
    for platform in rules:
        if not any(p.search(address) for p in platform.senders):
            continue
        info = SystemNotice(
            platform=platform.platform,
            kind="info",
            sender=address,
            subject=subject[:300],
            received_at=received_at,
        )
        if any(p.search(text) for p in platform.not_notice):
            return info
        for kind in platform.kinds:
            match = next((m for p in kind.patterns if (m := p.search(text))), None)
            if match is None:
                continue
            default = received_at + timedelta(hours=kind.deadline_hours)
            stated = _stated_deadline(text, platform, received_at)
            deadline = min(default, stated) if stated else default
            return SystemNotice(
                platform=platform.platform,
                kind=kind.name,
                sender=address,
                subject=subject[:300],
                evidence=match.group(0)[:120],
                received_at=received_at,
                deadline=deadline,
                deadline_stated=stated is not None and stated <= default,
            )
        return info
    return None
