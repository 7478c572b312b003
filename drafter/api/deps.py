"""Dependencies for the routes: settings, the pipeline, a database session, the caller's store."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from drafter.config import Settings
from drafter.persistence import keys
from drafter.persistence.db import session_scope
from drafter.pipeline import Pipeline

_bearer = HTTPBearer(auto_error=False, description="An API key from `drafter keys create --store STORE`.")


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


def get_pipeline(request: Request) -> Pipeline:
    return request.app.state.pipeline


def get_session(settings: Annotated[Settings, Depends(get_settings_dep)]) -> Iterator[Session]:
    """One transaction per request: committed when the route returns, rolled back when it raises."""
    with session_scope(settings.resolved_database_url) as session:
        yield session


# scope="function": FastAPI runs the code after `yield` (the commit) when the route function has returned
# and its response is built, but BEFORE the response is sent. With the default scope it runs after the
# response is sent: a client could get its 201 and read (or approve) before the write was committed.
# Every route and dependency takes the session through this one Depends, so they share it (FastAPI caches
# a dependency per request by function and scope) and no route can answer ahead of its commit.
_SESSION = Depends(get_session, scope="function")


def get_store_id(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    session: Annotated[Session, _SESSION],
) -> str:
    if credentials is None or not credentials.credentials:
        raise HTTPException(
            401,
            detail={
                "code": "missing_api_key",
                "message": "Send an API key as 'Authorization: Bearer <key>'.",
            },
            headers={"WWW-Authenticate": "Bearer"},
        )
    store_id = keys.store_for_key(session, key=credentials.credentials)
    if store_id is None:
        raise HTTPException(
            401,
            detail={"code": "invalid_api_key", "message": "The API key is unknown or revoked."},
            headers={"WWW-Authenticate": "Bearer"},
        )
    return store_id


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
PipelineDep = Annotated[Pipeline, Depends(get_pipeline)]
SessionDep = Annotated[Session, _SESSION]
StoreDep = Annotated[str, Depends(get_store_id)]
