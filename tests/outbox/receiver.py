"""A real webhook receiver on 127.0.0.1 for the outbox tests: verifies signatures, dedupes by
idempotency key (as a store's receiver must), and can fail or kill the sender on cue."""

from __future__ import annotations

import json
import os
import signal
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from drafter.outbox.signing import (
    ATTEMPT_HEADER,
    IDEMPOTENCY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    verify,
)


@dataclass
class Receiver:
    secret: str
    fail_with: list[int] = field(default_factory=list)  # statuses for the next calls, then 200
    kill_pid: int | None = None  # SIGKILL this process after recording the next delivery
    hold: threading.Event | None = None  # when set up: answer no call before this event is set (a slow store)
    on_accept: Callable[[dict], None] | None = None  # runs after a delivery is accepted, before the answer
    tls: tuple[str, str] | None = None  # (certfile, keyfile): serve https as "localhost"
    calls: list[dict] = field(default_factory=list)
    accepted: dict[str, dict] = field(default_factory=dict)  # idempotency key -> reply, first delivery only

    def __post_init__(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver._handle(self, body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if self.tls:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(*self.tls)
            self.server.socket = ctx.wrap_socket(self.server.socket, server_side=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        if self.tls:
            return f"https://localhost:{self.server.server_address[1]}/hooks/drafter"
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/drafter"

    def _handle(self, handler: BaseHTTPRequestHandler, body: bytes) -> None:
        key = handler.headers.get(IDEMPOTENCY_HEADER)
        signed = verify(
            self.secret,
            handler.headers.get(TIMESTAMP_HEADER, ""),
            handler.headers.get(ATTEMPT_HEADER, ""),
            body,
            handler.headers.get(SIGNATURE_HEADER, ""),
        )
        self.calls.append(
            {
                "key": key,
                "signed": signed,
                "attempt": handler.headers.get(ATTEMPT_HEADER),
                "body": body,
                "host": handler.headers.get("Host"),
            }
        )
        if not signed:
            return self._reply(handler, 401)
        if self.hold is not None:
            self.hold.wait(timeout=30)
        if self.fail_with:
            return self._reply(handler, self.fail_with.pop(0))
        duplicate = key in self.accepted
        if not duplicate:
            self.accepted[key] = json.loads(body)["reply"]
        if self.on_accept:
            self.on_accept(self.calls[-1])
        if self.kill_pid:
            pid, self.kill_pid = self.kill_pid, None
            os.kill(pid, signal.SIGKILL)  # the sender dies after we stored the reply, before it hears back
        self._reply(handler, 200, {"duplicate": duplicate})

    @staticmethod
    def _reply(handler: BaseHTTPRequestHandler, status: int, doc: dict | None = None) -> None:
        data = json.dumps(doc or {}).encode()
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except OSError:
            pass  # the sender is gone

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
