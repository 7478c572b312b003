"""The team's errors, each with its machine-readable code (the API answers them as {code, message, details})."""

from __future__ import annotations

from drafter.errors import DrafterError, NotFound


class Unauthenticated(DrafterError):
    code = "invalid_login"
    status = 401


class Forbidden(DrafterError):
    """Signed in, but the role does not allow it (an agent creating users, a store key taking a draft)."""

    code = "forbidden_role"
    status = 403


class CsrfFailed(DrafterError):
    code = "csrf_failed"
    status = 403


class UserNotFound(NotFound):
    code = "user_not_found"


class KeyNotFound(NotFound):
    code = "key_not_found"


class UserExists(DrafterError):
    code = "user_exists"
    status = 409


class DraftLocked(DrafterError):
    """Someone else has the draft open (a soft lock): approve, edit and reject wait until they let go."""

    code = "draft_locked"
    status = 409


class AlreadyAssigned(DrafterError):
    code = "already_assigned"
    status = 409
