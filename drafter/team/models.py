"""What the queue and a draft's view say about people: who it is assigned to, who has it open."""

from __future__ import annotations

from pydantic import AwareDatetime, BaseModel, Field


class Person(BaseModel):
    user_id: int
    name: str


class LockInfo(BaseModel):
    user_id: int
    name: str
    until: AwareDatetime = Field(description="The lock lapses then unless its holder renews it.")
