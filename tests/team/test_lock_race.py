"""Two people open the same draft at the same moment: one conditional UPDATE each, exactly one gets the
lock, on SQLite and PostgreSQL alike (the loser waits for the winner's commit, then sees its lock)."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from drafter.persistence.db import session_scope
from drafter.team import locks
from drafter.team.caller import Caller
from drafter.team.errors import DraftLocked
from tests.team.conftest import add_person, new_draft

STORE = "race-store"


def test_two_people_open_a_draft_at_once_one_gets_it(client, shared_settings):
    anna = add_person(shared_settings, STORE, name="Anna")
    ben = add_person(shared_settings, STORE, name="Ben")
    draft_id = new_draft(client, anna.auth, STORE)
    url = shared_settings.resolved_database_url
    took, ben_started = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def anna_opens() -> None:
        caller = Caller(store_id=STORE, role="agent", user_id=anna.user_id, name="Anna")
        with session_scope(url) as session:
            outcome["anna"] = locks.acquire(
                session, caller=caller, draft_id=draft_id, ttl=timedelta(minutes=5)
            )
            took.set()
            ben_started.wait(10)
            time.sleep(0.5)  # Ben's UPDATE is under way (waiting on Anna's row) before Anna commits

    def ben_opens() -> None:
        took.wait(10)
        caller = Caller(store_id=STORE, role="agent", user_id=ben.user_id, name="Ben")
        ben_started.set()
        try:
            with session_scope(url) as session:
                outcome["ben"] = locks.acquire(
                    session, caller=caller, draft_id=draft_id, ttl=timedelta(minutes=5)
                )
        except DraftLocked as exc:
            outcome["ben"] = exc

    threads = [threading.Thread(target=anna_opens), threading.Thread(target=ben_opens)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert isinstance(outcome["ben"], DraftLocked), outcome
    assert outcome["ben"].details["locked_by"]["user_id"] == anna.user_id
    with session_scope(url) as session:
        holder = locks.holder(session, store_id=STORE, draft_id=draft_id)
        assert holder is not None and holder.user_id == anna.user_id
