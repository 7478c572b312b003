"""Every error is a 4xx JSON body {"code", "message", "details"}: never a bare 500 for bad input."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from drafter.api.schemas import ApiError
from drafter.errors import DrafterError, validation_code

log = logging.getLogger(__name__)


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"code": code, "message": message, "details": details}


class StoreMismatch(DrafterError):
    """The body names another store than the API key's."""

    code = "store_mismatch"
    status = 403


class BatchTooLarge(DrafterError):
    code = "batch_too_large"
    status = 413


class QueueUnavailable(DrafterError):
    code = "queue_unavailable"
    status = 503


MAX_OFFSET = 1_000_000_000  # far past any real queue; beyond it databases overflow (64-bit OFFSET)

_RESPONSES = {
    401: "No API key, or an unknown or revoked one (`missing_api_key`, `invalid_api_key`); a review-page "
    "session that ended (`session_expired`); a wrong e-mail or password (`invalid_login`).",
    403: "The API key belongs to another store (`store_mismatch`); the role does not allow it "
    "(`forbidden_role`, `user_required`); a change made with the session cookie without its CSRF token "
    "(`csrf_failed`).",
    404: "No such draft, batch, person or key for this caller's store (`draft_not_found`, `batch_not_found`, "
    "`user_not_found`, `key_not_found`).",
    409: "The draft's status does not allow this (`invalid_status_transition`); someone else has it open "
    "(`draft_locked`, with who and until when in `details`); it is assigned to someone else "
    "(`already_assigned`); the e-mail is taken (`user_exists`).",
    413: "Too many messages in one batch (`batch_too_large`).",
    422: "Bad input; `code` says which (`text_empty`, `unknown_field`, `control_character`, "
    "`date_out_of_range`, `out_of_range`, `lint_blocked`...), `details` where.",
    503: "The task queue is unavailable; the batch is saved and queued again later (`queue_unavailable`).",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error answers a router gives, all of them the one JSON error shape."""
    return {status: {"model": ApiError, "description": _RESPONSES[status]} for status in statuses}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DrafterError)
    async def _drafter_error(_: Request, exc: DrafterError) -> JSONResponse:
        return JSONResponse(error_body(exc.code, exc.message, exc.details), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        code, message = validation_code(list(errors))
        details = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in errors
        ]
        return JSONResponse(error_body(code, message, details), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}.get(
            exc.status_code, "http_error"
        )
        if isinstance(exc.detail, dict) and "code" in exc.detail:
            return JSONResponse(
                error_body(exc.detail["code"], exc.detail.get("message", "")),
                status_code=exc.status_code,
                headers=exc.headers,
            )
        return JSONResponse(
            error_body(code, str(exc.detail)), status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        # A bug must not leak a stack trace to a caller; it is logged with one instead.
        log.exception("unhandled error")
        return JSONResponse(
            error_body("internal_error", "Drafter hit an unexpected error; it was logged."), status_code=500
        )
