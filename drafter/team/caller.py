"""Who is calling: a person (through a personal key or a review-page session) or a store's own key."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from drafter.team.errors import Forbidden

Role = Literal["agent", "lead", "admin", "store"]
_RANK = {"agent": 0, "lead": 1, "admin": 2, "store": 2}


class Caller(BaseModel):
    store_id: str
    # "store": a store's own API key (no person behind it): it keeps the full rights it always had in its
    # store, but cannot take or lock a draft (those need a person).
    role: Role
    user_id: int | None = None
    name: str = ""
    email: str | None = None
    via: Literal["key", "session"] = "key"
    key_id: int | None = None

    @property
    def actor(self) -> str:
        """What the audit trail records: the person when there is one (the per-agent reports read it)."""
        return f"user:{self.user_id}" if self.user_id is not None else f"key:{self.store_id}"

    def require(self, role: Role) -> None:
        if _RANK[self.role] < _RANK[role]:
            raise Forbidden(
                f"this needs the role {role} or above; you are {self.role}",
                details={"role": self.role, "needs": role},
            )

    def require_person(self) -> int:
        if self.user_id is None:
            raise Forbidden(
                "a store key has no person behind it; use a personal key or sign in",
                code="user_required",
            )
        return self.user_id
