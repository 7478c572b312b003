"""Refuses NUL and other control characters in the path, the query and JSON bodies of every request,
before any route or database sees them: one 422 `control_character` wherever the character hides
(a message id, a PATCH part, a reject reason, a filter...), on SQLite and PostgreSQL alike."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from drafter.api.errors import error_body
from drafter.textcheck import describe, first_forbidden

_WITH_BODY = {"POST", "PUT", "PATCH", "DELETE"}


def _problem(loc: list[Any], char: str) -> dict[str, Any]:
    where = ".".join(map(str, loc))
    return error_body(
        "control_character",
        f"{where} contains the control character {describe(char)}; "
        "remove it (tab, newline and carriage return are allowed in text)",
        [{"loc": loc, "msg": "control character", "type": "control_character"}],
    )


def url_problem(scope: Scope) -> dict[str, Any] | None:
    found = first_forbidden(scope.get("path", ""))
    if found:
        return _problem(["path"], found[1])
    query = scope.get("query_string", b"").decode("latin-1")
    for name, value in parse_qsl(query, keep_blank_values=True):
        found = first_forbidden(name) or first_forbidden(value)
        if found:
            return _problem(["query", name], found[1])
    return None


def body_problem(body: bytes) -> dict[str, Any] | None:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return error_body(
            "invalid_json",
            f"The request body is not valid UTF-8 (byte {exc.start + 1}).",
            [{"loc": ["body"], "msg": "invalid UTF-8", "type": "invalid_utf8"}],
        )
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None  # not JSON: the route answers invalid_json itself
    found = first_forbidden(data)
    return _problem(["body", *found[0]], found[1]) if found else None


class RejectControlCharacters:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problem = url_problem(scope)
        if problem is None and scope["method"] in _WITH_BODY:
            headers = dict(scope.get("headers") or [])
            if b"json" in headers.get(b"content-type", b""):
                body, messages = await _read_body(receive)
                problem = body_problem(body)
                receive = _replay(messages, receive)
        if problem is not None:
            await JSONResponse(problem, status_code=422)(scope, receive, send)
            return
        await self.app(scope, receive, send)


async def _read_body(receive: Receive) -> tuple[bytes, list[Message]]:
    messages: list[Message] = []
    chunks: list[bytes] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks), messages


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replayed() -> Message:
        return pending.pop(0) if pending else await receive()

    return replayed
