"""Auto-assignment over the people on shift: round-robin, least-loaded, overnight shifts, and the hook that
assigns a new draft when its store asks for it."""

from __future__ import annotations

from datetime import UTC, datetime

from drafter.persistence.db import session_scope
from drafter.persistence.tables import DraftRow
from drafter.team import shifts
from drafter.team.assign import auto_assign
from tests.team.conftest import add_person, new_draft

# A Wednesday, 10:00 in Shanghai (02:00 UTC).
WEDNESDAY_10 = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


def _shift(url: str, store: str, user_id: int, days: str, start: str, end: str) -> None:
    with session_scope(url) as session:
        shifts.add_shifts(
            session, store_id=store, user_id=user_id, days=shifts.parse_days(days), start=start, end=end
        )


def _assign(url: str, draft_ids: list[str], mode: str, at: datetime = WEDNESDAY_10) -> list[int | None]:
    chosen = []
    with session_scope(url) as session:
        for draft_id in draft_ids:
            row = session.get(DraftRow, draft_id)
            chosen.append(auto_assign(session, row=row, mode=mode, timezone="Asia/Shanghai", now=at))  # type: ignore[arg-type]
    return chosen


def test_round_robin_over_the_people_on_shift(client, shared_settings):
    store, url = "rr-store", shared_settings.resolved_database_url
    day, night, off = (add_person(shared_settings, store) for _ in range(3))
    lead = add_person(shared_settings, store, role="lead")
    _shift(url, store, day.user_id, "mon-fri", "09:00", "18:00")
    _shift(url, store, night.user_id, "tue", "22:00", "11:00")  # Tuesday night into Wednesday morning
    _shift(url, store, off.user_id, "sat,sun", "09:00", "18:00")
    drafts = [new_draft(client, lead.auth, store) for _ in range(5)]

    picked = _assign(url, drafts[:4], "round_robin")
    assert picked == [day.user_id, night.user_id, day.user_id, night.user_id]
    assert _assign(url, drafts[:1], "round_robin") == [None]  # already assigned: left alone
    # At 12:00 Shanghai the night shift has ended: only the day shift is on duty.
    noon = WEDNESDAY_10.replace(hour=4)
    assert _assign(url, drafts[4:], "round_robin", at=noon) == [day.user_id]
    # Saturday: only the weekend person.
    saturday = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)
    extra = new_draft(client, lead.auth, store)
    assert _assign(url, [extra], "round_robin", at=saturday) == [off.user_id]
    assert _assign(url, [new_draft(client, lead.auth, store)], "off") == [None]
    trail = client.get(f"/v1/drafts/{drafts[0]}/audit", headers=lead.auth).json()
    assert {"actor": "auto-assign", "action": "assigned"}.items() <= trail[-1].items()


def test_least_loaded_and_no_shifts_means_everyone(client, shared_settings):
    store, url = "ll-store", shared_settings.resolved_database_url
    busy, free = add_person(shared_settings, store), add_person(shared_settings, store)
    lead = add_person(shared_settings, store, role="lead")
    first = new_draft(client, lead.auth, store)
    assert (
        client.post(
            f"/v1/drafts/{first}/assign", headers=lead.auth, json={"user_id": busy.user_id}
        ).status_code
        == 200
    )
    drafts = [new_draft(client, lead.auth, store) for _ in range(3)]
    assert _assign(url, drafts, "least_loaded") == [free.user_id, busy.user_id, free.user_id]


def test_the_store_profile_turns_it_on_for_new_drafts(client, shared_settings):
    store = "auto-store"
    agent = add_person(shared_settings, store, name="Anna")
    pipeline = client.app.state.pipeline
    pipeline.knowledge._stores[store] = pipeline.store(store).model_copy(update={"assignment": "round_robin"})
    draft_id = new_draft(client, agent.auth, store)
    assert client.get(f"/v1/drafts/{draft_id}", headers=agent.auth).json()["assignee"]["name"] == "Anna"


def test_shift_days_and_times():
    assert shifts.parse_days("mon-fri") == [0, 1, 2, 3, 4]
    assert shifts.parse_days("sat-mon") == [0, 5, 6]
    overnight = shifts.ShiftView(user_id=1, weekday=4, start="22:00", end="06:00")
    friday_late, saturday_early = datetime(2026, 11, 27, 23, 0), datetime(2026, 11, 28, 5, 59)
    assert shifts.covers(overnight, friday_late) and shifts.covers(overnight, saturday_early)
    assert not shifts.covers(overnight, datetime(2026, 11, 28, 6, 0))
    assert not shifts.covers(overnight, datetime(2026, 11, 27, 21, 59))
