"""A real alert webhook on 127.0.0.1: verifies the outbox-style signature, records each call, and can
answer with errors on cue."""

from __future__ import annotations

import json
import threading
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
class AlertReceiver:
    secret: str
    fail_with: list[int] = field(default_factory=list)
    calls: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                signed = verify(
                    receiver.secret,
                    self.headers.get(TIMESTAMP_HEADER, ""),
                    self.headers.get(ATTEMPT_HEADER, ""),
                    body,
                    self.headers.get(SIGNATURE_HEADER, ""),
                )
                status = receiver.fail_with.pop(0) if receiver.fail_with else (200 if signed else 401)
                receiver.calls.append(
                    {
                        "key": self.headers.get(IDEMPOTENCY_HEADER),
                        "signed": signed,
                        "status": status,
                        "doc": json.loads(body),
                    }
                )
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/alerts"

    @property
    def delivered(self) -> list[dict]:
        """The calls it accepted: signed, answered 200."""
        return [c for c in self.calls if c["signed"] and c["status"] == 200]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
