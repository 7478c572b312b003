"""Starting a Drafter server on 127.0.0.1 and waiting for it: shared by `drafter bench` and the tests."""

from __future__ import annotations

import socket
import time

import httpx


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_ready(
    base_url: str, *, path: str = "/ready", timeout_s: float = 60.0, poll_s: float = 0.05
) -> bool:
    """True as soon as GET base_url+path answers 200; False when timeout_s passes first."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base_url}{path}", timeout=1).status_code == 200:
                return True
        except httpx.TransportError:
            pass
        time.sleep(poll_s)
    return False
