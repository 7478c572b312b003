"""/v1/users and /v1/keys: the people of the caller's store and the API keys, listed, created, revoked.

Everything is scoped to the caller's store: another store's people and keys do not exist here (404).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, Field

from drafter.api.deps import CallerDep, SessionDep, SettingsDep
from drafter.api.errors import error_responses
from drafter.team import keys, users
from drafter.team.caller import Caller
from drafter.team.errors import Forbidden
from drafter.team.keys import KeyView, NewKey
from drafter.team.users import NewUser, UserView

# Ids are 32-bit integers in the database: a bigger one is a 422 here, not a database overflow.
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
router = APIRouter(tags=["team"], responses=error_responses(401, 403, 404, 409, 422))


class UserList(BaseModel):
    items: list[UserView]


class KeyList(BaseModel):
    items: list[KeyView]


class KeyRequest(BaseModel):
    label: str = Field("", max_length=200, description="A note for you: where the key is used.")


def _may_create(caller: Caller, role: str) -> None:
    """Leads add agents; admins (and the store's own key) add anyone."""
    caller.require("lead")
    if role != "agent":
        caller.require("admin")


@router.get("/v1/users", response_model=UserList, summary="The people of this store (leads and admins)")
def list_users(caller: CallerDep, session: SessionDep) -> UserList:
    caller.require("lead")
    rows = users.list_users(session, store_id=caller.store_id)
    return UserList(items=[users.view(session, u) for u in rows])


@router.post(
    "/v1/users",
    response_model=UserView,
    status_code=201,
    summary="Add a person to this store (leads add agents, admins anyone); 409 user_exists for a known e-mail",
)
def create_user(new: NewUser, caller: CallerDep, session: SessionDep, settings: SettingsDep) -> UserView:
    _may_create(caller, new.role)
    user = users.create_user(
        session, new=new, stores=[caller.store_id], rounds=settings.password_bcrypt_rounds
    )
    return users.view(session, user)


@router.post(
    "/v1/users/{user_id}/disable",
    response_model=UserView,
    summary="Disable a person: their keys and sessions are refused from the next request on",
)
def disable_user(user_id: Id, caller: CallerDep, session: SessionDep) -> UserView:
    user = users.store_user(session, store_id=caller.store_id, user_id=user_id)
    _may_create(caller, user.role)
    if user.id == caller.user_id:
        raise Forbidden("you cannot disable yourself", code="cannot_disable_self")
    return users.view(session, users.disable_user(session, user=user))


@router.get(
    "/v1/keys",
    response_model=KeyList,
    summary="API keys: your own; a lead's or the store key's view: every key of the store",
)
def list_keys(caller: CallerDep, session: SessionDep) -> KeyList:
    if caller.role == "agent":
        return KeyList(items=keys.list_keys(session, store_id=caller.store_id, user_id=caller.user_id))
    return KeyList(items=keys.list_keys(session, store_id=caller.store_id))


@router.post(
    "/v1/keys",
    response_model=NewKey,
    status_code=201,
    summary="Create an API key: a personal one for a person, a store key for the store's key. "
    "The key is in this answer only",
)
def create_key(body: KeyRequest, caller: CallerDep, session: SessionDep) -> NewKey:
    return keys.create_key(session, store_id=caller.store_id, user_id=caller.user_id, label=body.label)


@router.delete(
    "/v1/keys/{key_id}",
    status_code=204,
    summary="Revoke a key (your own; a lead: any key of the store); it is refused from the next request on",
)
def revoke_key(key_id: Id, caller: CallerDep, session: SessionDep) -> Response:
    own_only = caller.user_id if caller.role == "agent" else None
    keys.revoke_key(session, key_id=key_id, store_id=caller.store_id, user_id=own_only)
    return Response(status_code=204)
