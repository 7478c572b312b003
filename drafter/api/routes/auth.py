"""/v1/auth: sign in to the review page (e-mail and password, or an API key), sign out, who is signed in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Literal
from urllib.parse import urlsplit

from fastapi import APIRouter, Request, Response
from pydantic import AwareDatetime, BaseModel, Field, model_validator
from sqlalchemy.orm import Session

from drafter.api.deps import CallerDep, SessionDep, SettingsDep
from drafter.api.errors import error_responses
from drafter.config import Settings
from drafter.team import sessions
from drafter.team.caller import Caller, Role
from drafter.team.errors import CsrfFailed, Unauthenticated
from drafter.team.users import stores_of

router = APIRouter(prefix="/v1/auth", tags=["auth"], responses=error_responses(401, 403, 422))


class Login(BaseModel):
    email: str | None = Field(None, max_length=254)
    password: str | None = Field(None, max_length=200)
    api_key: str | None = Field(None, max_length=200, description="Instead of e-mail and password.")
    store_id: str | None = Field(
        None, max_length=100, description="For a person of several stores; default: the first."
    )

    @model_validator(mode="after")
    def _one_way(self) -> Login:
        if not self.api_key and not (self.email and self.password):
            raise ValueError("send email and password, or api_key")
        return self


class SessionOut(BaseModel):
    store_id: str
    role: Role
    user_id: int | None = None
    name: str
    email: str | None = None
    stores: list[str] = Field(description="Every store this person works for (sign in again to switch).")
    via: Literal["key", "session"]
    csrf_token: str | None = Field(
        None, description="Send it as X-CSRF-Token on every POST, PATCH and DELETE made with the cookie."
    )
    expires_at: AwareDatetime | None = None


def _same_origin(request: Request) -> bool:
    """A browser names the page that sends a POST; a sign-in form on another site must not sign the
    browser in to a session of the attacker's choosing (login CSRF). No Origin: not a browser."""
    origin = request.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == request.headers.get("host")


def _set_cookie(
    response: Response, request: Request, settings: Settings, token: str, expires: datetime
) -> None:
    secure = settings.session_cookie_secure
    response.set_cookie(
        sessions.COOKIE,
        token,
        max_age=int((expires - datetime.now(UTC)).total_seconds()),
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https" if secure is None else secure,
    )


@router.post(
    "/login",
    response_model=SessionOut,
    summary="Sign in: sets an HttpOnly, SameSite=Strict session cookie and returns the CSRF token",
)
def login(
    body: Login, request: Request, response: Response, session: SessionDep, settings: SettingsDep
) -> SessionOut:
    if not _same_origin(request):
        raise CsrfFailed("sign-in from another site's page is refused")
    ttl = timedelta(minutes=settings.session_ttl_minutes)
    if body.api_key:
        token, expires, store_id = sessions.sign_in_with_key(session, key=body.api_key, ttl=ttl)
    else:
        token, expires, store_id = sessions.sign_in(
            session, email=body.email or "", password=body.password or "", store_id=body.store_id, ttl=ttl
        )
    info = sessions.caller_for_session(
        session, token=token, idle=timedelta(minutes=settings.session_idle_minutes)
    )
    if info is None:  # cannot happen right after opening it; refuse rather than answer half a session
        raise Unauthenticated("the session could not be opened")
    previous = request.cookies.get(sessions.COOKIE)
    if previous:  # signing in again replaces this browser's session: the old token stops working
        sessions.sign_out(session, token=previous)
    _set_cookie(response, request, settings, token, expires)
    return _out(session, info.caller, csrf=sessions.csrf_token(token), expires=expires)


def _out(session: Session, caller: Caller, *, csrf: str | None, expires: datetime | None) -> SessionOut:
    return SessionOut(
        store_id=caller.store_id,
        role=caller.role,
        user_id=caller.user_id,
        name=caller.name,
        email=caller.email,
        stores=stores_of(session, user_id=caller.user_id) if caller.user_id else [caller.store_id],
        via=caller.via,
        csrf_token=csrf,
        expires_at=expires,
    )


@router.get("/session", response_model=SessionOut, summary="Who is signed in (cookie or API key)")
def current(request: Request, caller: CallerDep, session: SessionDep, settings: SettingsDep) -> SessionOut:
    token = request.cookies.get(sessions.COOKIE)
    if caller.via == "session" and token:
        info = sessions.caller_for_session(
            session, token=token, idle=timedelta(minutes=settings.session_idle_minutes)
        )
        return _out(
            session, caller, csrf=sessions.csrf_token(token), expires=info.expires_at if info else None
        )
    return _out(session, caller, csrf=None, expires=None)


@router.post("/logout", status_code=204, summary="Sign out: the session ends now and the cookie is cleared")
def logout(request: Request, response: Response, session: SessionDep) -> Response:
    token = request.cookies.get(sessions.COOKIE)
    if token:
        if not sessions.csrf_ok(token, request.headers.get(sessions.CSRF_HEADER)):
            raise CsrfFailed(f"send the session's CSRF token as {sessions.CSRF_HEADER}")
        sessions.sign_out(session, token=token)
    response = Response(status_code=204)
    response.delete_cookie(sessions.COOKIE, path="/", httponly=True, samesite="strict")
    return response
