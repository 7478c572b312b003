"""Admission control: a process works on a bounded number of API requests at once and answers the rest
fast with 503 and Retry-After instead of letting them pile up.

Drafting is CPU-bound (encoder, classifier, lint) and a process has the cores of one machine: running 32
drafts at once makes each of them 32 times slower and holds 32 database connections while they wait.
So requests under /v1 wait here, in the event loop (no thread, no connection, no memory beyond the
request), for one of `max_inflight` slots; one that waits longer than `max_wait_s`, or arrives when
`max_queued` are already waiting, gets 503 `overloaded` with Retry-After at once. Health, readiness,
metrics and the review page's static files are never held back.
"""

from __future__ import annotations

import asyncio
import json
import math
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

LIMITED_PREFIX = "/v1/"


class AdmissionLimit:
    def __init__(self, app: ASGIApp, *, max_inflight: int, max_wait_s: float, max_queued: int) -> None:
        self.app = app
        self.max_inflight = max(1, max_inflight)
        self.max_wait_s = max_wait_s
        self.max_queued = max(0, max_queued)
        self.waiting = 0
        self.inflight = 0
        self.rejected = 0
        self._slots: asyncio.Semaphore | None = None  # made in the server's event loop, on first use

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(LIMITED_PREFIX):
            await self.app(scope, receive, send)
            return
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.max_inflight)
        if self._slots.locked() and self.waiting >= self.max_queued:
            await self._reject(send, "too many requests are waiting")
            return
        self.waiting += 1
        try:
            await asyncio.wait_for(self._slots.acquire(), timeout=self.max_wait_s)
        except TimeoutError:
            await self._reject(send, f"no capacity within {self.max_wait_s:g} s")
            return
        finally:
            self.waiting -= 1
        self.inflight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.inflight -= 1
            self._slots.release()

    def retry_after_s(self) -> int:
        """A rough time for the queue ahead to drain: at least 1 s."""
        return max(1, math.ceil(self.max_wait_s * self.waiting / max(1, self.max_queued)))

    async def _reject(self, send: Send, why: str) -> None:
        self.rejected += 1
        retry = self.retry_after_s()
        body: dict[str, Any] = {
            "code": "overloaded",
            "message": f"Drafter is at capacity ({why}); retry after {retry} s.",
            "details": {"retry_after_s": retry, "max_inflight": self.max_inflight},
        }
        payload = json.dumps(body).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 503,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"retry-after", str(retry).encode()),
                    (b"content-length", str(len(payload)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})
