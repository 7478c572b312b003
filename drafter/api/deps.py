"""Dependencies for the routes: settings, the pipeline, a database session, the caller (and its store)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from drafter.config import Settings
from drafter.persistence.db import session_scope
from drafter.pipeline import Pipeline
from drafter.team import keys as team_keys
from drafter.team import sessions
from drafter.team.caller import Caller
from drafter.team.errors import CsrfFailed

_bearer = HTTPBearer(
    auto_error=False,
    description="An API key: a store's (`drafter keys create --store STORE`) or a person's (POST /v1/keys).",
)


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


_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def get_caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    session: Annotated[Session, _SESSION],
) -> Caller:
    """Who is calling: an API key (a store's, or a person's) as a Bearer header, else the review page's
    session cookie. Looked up on every request, so a revoked key or a disabled person is refused at once.
    A change made with the cookie must carry the session's CSRF token (X-CSRF-Token): a Bearer header is
    never sent by a browser on its own, a cookie is."""
    if credentials is not None and credentials.credentials:
        caller = team_keys.caller_for_key(session, key=credentials.credentials)
        if caller is None:
            raise HTTPException(
                401,
                detail={"code": "invalid_api_key", "message": "The API key is unknown or revoked."},
                headers={"WWW-Authenticate": "Bearer"},
            )
        return caller
    token = request.cookies.get(sessions.COOKIE)
    if token:
        settings: Settings = request.app.state.settings
        info = sessions.caller_for_session(
            session, token=token, idle=timedelta(minutes=settings.session_idle_minutes)
        )
        if info is None:
            raise HTTPException(
                401, detail={"code": "session_expired", "message": "Your session ended; sign in again."}
            )
        if request.method not in _SAFE_METHODS and not sessions.csrf_ok(
            token, request.headers.get(sessions.CSRF_HEADER)
        ):
            raise CsrfFailed(f"send the session's CSRF token as {sessions.CSRF_HEADER}")
        return info.caller
    raise HTTPException(
        401,
        detail={
            "code": "missing_api_key",
            "message": "Send an API key as 'Authorization: Bearer <key>', or sign in (POST /v1/auth/login).",
        },
        headers={"WWW-Authenticate": "Bearer"},
    )


def get_store_id(caller: Annotated[Caller, Depends(get_caller)]) -> str:
    return caller.store_id


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
PipelineDep = Annotated[Pipeline, Depends(get_pipeline)]
SessionDep = Annotated[Session, _SESSION]
StoreDep = Annotated[str, Depends(get_store_id)]
CallerDep = Annotated[Caller, Depends(get_caller)]
