"""Dependencies for the routes: settings, the pipeline, a database session, the caller's store."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from drafter.config import Settings
from drafter.pipeline import Pipeline
from drafter.store import keys
from drafter.store.db import session_scope

_bearer = HTTPBearer(auto_error=False, description="An API key from `drafter keys create --store STORE`.")


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


def get_pipeline(request: Request) -> Pipeline:
    return request.app.state.pipeline


def get_session(settings: Annotated[Settings, Depends(get_settings_dep)]) -> Iterator[Session]:
    with session_scope(settings.resolved_database_url) as session:
        yield session


def get_store_id(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    session: Annotated[Session, Depends(get_session)],
) -> str:
    if credentials is None or not credentials.credentials:
        raise HTTPException(401, detail={"code": "missing_api_key",
                                         "message": "Send an API key as 'Authorization: Bearer <key>'."},
                            headers={"WWW-Authenticate": "Bearer"})
    store_id = keys.store_for_key(session, key=credentials.credentials)
    if store_id is None:
        raise HTTPException(401, detail={"code": "invalid_api_key", "message": "The API key is unknown or revoked."},
                            headers={"WWW-Authenticate": "Bearer"})
    return store_id


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
PipelineDep = Annotated[Pipeline, Depends(get_pipeline)]
SessionDep = Annotated[Session, Depends(get_session)]
StoreDep = Annotated[str, Depends(get_store_id)]
