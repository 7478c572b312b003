"""GET /v1/notices: platform system notices found in the store's mailboxes, and mailboxes left unread."""

from __future__ import annotations

from fastapi import APIRouter

from drafter.api.deps import SessionDep, SettingsDep, StoreDep
from drafter.api.errors import error_responses
from drafter.api.schemas import NoticeList
from drafter.notices.watch import stale_mailboxes, store_notices

router = APIRouter(prefix="/v1", tags=["notices"], responses=error_responses(401, 422))


@router.get(
    "/notices",
    response_model=NoticeList,
    summary="System notices (IP complaints, account security, penalties, policy warnings) with deadlines",
)
def list_notices(
    store_id: StoreDep, session: SessionDep, settings: SettingsDep, include_info: bool = False
) -> NoticeList:
    return NoticeList(
        notices=store_notices(session, store_id=store_id, include_info=include_info),
        mailbox_warnings=stale_mailboxes(
            session, store_id=store_id, max_age_h=settings.mailbox_unread_warn_h
        ),
    )
