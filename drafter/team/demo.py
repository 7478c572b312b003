"""The demo team of demo-store: a lead and an agent with random passwords, written next to the demo key
(data dir, demo-users.txt) and printed by `drafter serve`, like the demo key."""

from __future__ import annotations

import secrets
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from drafter.persistence.team_tables import User
from drafter.team.users import NewUser, create_user

DEMO_PEOPLE = (
    ("lead@demo-store.test", "Demo Lead", "lead"),
    ("agent@demo-store.test", "Demo Agent", "agent"),
)


def demo_users_path(data_dir: Path) -> Path:
    return data_dir / "demo-users.txt"


def ensure_demo_team(session: Session, *, store_id: str, data_dir: Path, rounds: int) -> bool:
    """Create the demo people on first use (no users yet). True when they were created."""
    if session.scalar(select(func.count()).select_from(User)):
        return False
    lines = []
    for email, name, role in DEMO_PEOPLE:
        password = secrets.token_urlsafe(9)
        new = NewUser(email=email, name=name, role=role, password=password)
        create_user(session, new=new, stores=[store_id], rounds=rounds)
        lines.append(f"{role}\t{email}\t{password}")
    path = demo_users_path(data_dir)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o600)  # passwords in clear: readable by the owner only
    return True
