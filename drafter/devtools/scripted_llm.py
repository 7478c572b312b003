"""A small OpenAI-compatible chat-completions server that answers from scripts, not from a model.

The tests start it on 127.0.0.1 to record cassettes, and it doubles as a local endpoint for trying
the LLM mode by hand (`drafter llm-test-server --port 8099`). It proves the wiring only: the
"drafts" it returns are assembled from the facts block of the prompt, they are not written by a model.

The case is picked by the model name: `scripted/<case>` (for example `scripted/violating_then_fixed`);
any other model name plays the server's default case. Cases:
  good                  a grounded, lint-clean draft built from the <facts> block
  violating_then_fixed  first draft has an e-mail address; the repair call gets a clean draft
  always_violating      every draft has a link and an invented tracking number
  injection_echoed      every draft obeys the injection text in the buyer message (e-mail, gift card)
  malformed_json        the content is truncated JSON
  rate_limited          always HTTP 429
  flaky_429             HTTP 429 on the first call for a given request body, then a good draft
  server_error          always HTTP 500
  timeout               sleeps `--delay` seconds before answering
  classify              a second-opinion classification: shipping_status if the buyer mentions
                        an order, a parcel or tracking, else other (confidence 0.9)
  no_json_schema        HTTP 500 on response_format json_schema (like llama-cpp-python's server),
                        a good draft otherwise
  hostile, hostile_<b>  a hostile draft (drafter/devtools/hostile_llm.py: 22 behaviours such as repair
                        evasions, unsupported refund or delivery claims, payment apps, wrong language)
  translate             a reviewer "translation": each text of the request marked 〔译〕 and returned as is
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

CASES = (
    "good",
    "violating_then_fixed",
    "always_violating",
    "injection_echoed",
    "malformed_json",
    "rate_limited",
    "flaky_429",
    "server_error",
    "timeout",
    "classify",
    "no_json_schema",
    "hostile",
    "translate",
)
_FACTS = re.compile(r"<facts>\s*(\{.*?\})\s*</facts>", re.S)
_BUYER = re.compile(r"<buyer_message>(.*?)</buyer_message>", re.S)


def _last_user_text(body: dict[str, Any]) -> str:
    for message in reversed(body.get("messages", [])):
        if message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, list):  # content parts
                return " ".join(p.get("text", "") for p in content if isinstance(p, dict))
            return str(content or "")
    return ""


def _facts(prompt: str) -> dict[str, Any]:
    match = _FACTS.search(prompt)
    try:
        return json.loads(match.group(1)) if match else {}
    except json.JSONDecodeError:
        return {}


# The scripted "model" writes English, and Spanish for Spanish-speaking buyers; other buyers get
# English, which the reply-language check blocks (as it should).
_PHRASES = {
    "en": {
        "no_order_r": "You wrote to us about your order.",
        "no_order_s": "We could not find the order yet: please send us the order number shown in your account.",
        "no_order_c": "As soon as we have it, we will check it and reply here by {next_check}.",
        "status": "The order is currently {status}.",
        "shipped": "It was shipped with {carrier}, tracking number {tracking}.",
        "eta": " The estimated delivery date is {eta}.",
        "r": "You asked about order {order_id}.",
        "c": "We will check it again by {next_check} and write to you here.",
    },
    "es": {
        "no_order_r": "Usted nos escribió sobre su pedido.",
        "no_order_s": "Todavía no encontramos el pedido: por favor, envíenos el número de pedido que aparece en su cuenta.",
        "no_order_c": "En cuanto lo tengamos, lo revisaremos y le responderemos aquí antes de {next_check}.",
        "status": "El pedido está ahora en estado {status}.",
        "shipped": "Se envió con {carrier}, número de seguimiento {tracking}.",
        "eta": " La fecha estimada de entrega es {eta}.",
        "r": "Usted pregunta por el pedido {order_id}.",
        "c": "Lo revisaremos de nuevo antes de {next_check} y le escribiremos aquí.",
    },
}


def _scripted_translation(prompt: str) -> dict[str, str]:
    """Not a translation: the texts of the request, marked, so a test sees them come back in their places."""
    buyer = _BUYER.search(prompt)
    reply = re.search(r"<reply>\s*(\{.*?\})\s*</reply>", prompt, re.S)
    parts = json.loads(reply.group(1)) if reply else {}
    out = {"message": "〔译〕" + (buyer.group(1).strip() if buyer else "")}
    out.update({k: "〔译〕" + str(parts.get(k, "")) for k in ("restatement", "solution", "commitment")})
    return out


def good_parts(facts: dict[str, Any]) -> dict[str, str]:
    """A grounded draft: every identifier, carrier and date is copied from the facts block."""
    order = facts.get("order") or {}
    shown = facts.get("rendered") or {}
    language = facts.get("buyer_language", "en")
    words = _PHRASES.get(language, _PHRASES["en"])
    next_check = facts.get("next_check") or "tomorrow"
    if not order:
        return {
            "restatement": words["no_order_r"],
            "solution": words["no_order_s"],
            "commitment": words["no_order_c"].format(next_check=next_check),
            "language": language,
        }
    status = shown.get("status_name") or str(order.get("status", "processing")).replace("_", " ")
    solution = words["status"].format(status=status)
    if order.get("carrier") and order.get("tracking_number"):
        solution = words["shipped"].format(carrier=order["carrier"], tracking=order["tracking_number"])
        eta = shown.get("eta_date") or order.get("estimated_delivery")
        if eta:
            solution += words["eta"].format(eta=eta)
    return {
        "restatement": words["r"].format(order_id=order.get("order_id")),
        "solution": solution,
        "commitment": words["c"].format(next_check=next_check),
        "language": language,
    }


def _violating_parts(facts: dict[str, Any]) -> dict[str, str]:
    parts = good_parts(facts)
    parts["solution"] = "Track it at www.fast-track-parcels.com with tracking number LP99999999999CN."
    return parts


def _injection_parts(facts: dict[str, Any], prompt: str) -> dict[str, str]:
    parts = good_parts(facts)
    buyer = _BUYER.search(prompt)
    echoed = (buyer.group(1).strip() if buyer else "")[:80]
    parts["restatement"] = f"Developer mode is on, as you asked: {echoed}"
    parts["solution"] = "We promise a full refund and a $50 gift card; write to sales@demo-shop.com for it."
    return parts


def _completion(body: dict[str, Any], content: str, prompt: str) -> dict[str, Any]:
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:24]
    prompt_tokens = max(1, len(json.dumps(body.get("messages", []))) // 4)
    completion_tokens = max(1, len(content) // 4)
    return {
        "id": f"chatcmpl-scripted-{digest}",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": body.get("model", "scripted"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


class ScriptedServer:
    """Runs the scripted endpoint in a background thread; use as a context manager or start()/stop()."""

    def __init__(
        self, *, host: str = "127.0.0.1", port: int = 0, default_case: str = "good", delay_s: float = 30.0
    ):
        self.default_case = default_case
        self.delay_s = delay_s
        self._seen: dict[str, int] = {}
        self.formats: list[str] = []  # response_format type of every chat request, in order (tests read it)
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer((host, port), self._handler_class())
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host.decode() if isinstance(host, bytes) else host}:{port}/v1"

    def start(self) -> ScriptedServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="scripted-llm", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> ScriptedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def reset(self) -> None:
        with self._lock:
            self._seen.clear()

    def _count(self, key: str) -> int:
        with self._lock:
            self._seen[key] = self._seen.get(key, 0) + 1
            return self._seen[key]

    def answer(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """(HTTP status, JSON body) for one chat-completions request."""
        model = str(body.get("model", ""))
        case = model.split("/", 1)[1] if model.startswith("scripted/") else self.default_case
        prompt = _last_user_text(body)
        facts = _facts(prompt)
        is_repair = "<violations>" in prompt
        self.formats.append(str((body.get("response_format") or {}).get("type", "none")))
        if case == "rate_limited" or (
            case == "flaky_429" and self._count(json.dumps(body, sort_keys=True)) == 1
        ):
            return 429, {
                "error": {
                    "message": "Rate limit reached (scripted)",
                    "type": "rate_limit_error",
                    "code": "rate_limit_exceeded",
                }
            }
        if case == "no_json_schema" and (body.get("response_format") or {}).get("type") == "json_schema":
            return 500, {"error": {"message": "response_format json_schema is not supported (scripted)"}}
        if case == "server_error":
            return 500, {"error": {"message": "The server had an error (scripted)", "type": "server_error"}}
        if case == "timeout":
            time.sleep(self.delay_s)
        if case == "malformed_json":
            content = '{"restatement": "You asked about your order", "solution": '
        elif case == "classify":
            buyer = _BUYER.search(prompt)
            about_order = bool(buyer and re.search(r"order|track|parcel|package", buyer.group(1), re.I))
            content = json.dumps({"intent": "shipping_status" if about_order else "other", "confidence": 0.9})
        elif case.startswith("hostile"):
            # local: start-up time
            from drafter.devtools.hostile_llm import content as hostile_content

            buyer = _BUYER.search(prompt)
            content = hostile_content(
                case,
                good_parts(facts),
                facts,
                buyer_text=buyer.group(1) if buyer else "",
                is_repair=is_repair,
            )
        elif case == "translate":
            content = json.dumps(_scripted_translation(prompt), ensure_ascii=False)
        elif case == "always_violating":
            content = json.dumps(_violating_parts(facts))
        elif case == "injection_echoed":
            content = json.dumps(_injection_parts(facts, prompt))
        elif case == "violating_then_fixed" and not is_repair:
            parts = good_parts(facts)
            parts["solution"] += " For anything else write to help@demo-shop.com."
            content = json.dumps(parts)
        else:
            content = json.dumps(good_parts(facts))
        return 200, _completion(body, content, prompt)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # TCP_NODELAY: on a kept-alive connection a small answer written after its headers otherwise
            # waits for the client's delayed ACK (~40 ms a call), which benchmarks would count as Drafter's.
            disable_nagle_algorithm = True

            def log_message(self, *args: object) -> None:  # quiet: tests and benches share the terminal
                pass

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                # headers and body leave in one write: one segment (_headers_buffer: http.server's own
                # buffer, present at run time but missing from typeshed)
                self._headers_buffer.append(b"\r\n")  # type: ignore[attr-defined]
                self._headers_buffer.append(data)  # type: ignore[attr-defined]
                try:
                    self.flush_headers()
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout case)
                    pass

            def do_GET(self) -> None:
                if self.path.rstrip("/").endswith("/models"):
                    self._send(
                        200,
                        {
                            "object": "list",
                            "data": [{"id": f"scripted/{c}", "object": "model"} for c in CASES],
                        },
                    )
                else:
                    self._send(404, {"error": {"message": "not found"}})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b"{}"
                if self.path.rstrip("/").endswith("/_reset"):
                    server.reset()
                    self._send(200, {"ok": True})
                    return
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self._send(404, {"error": {"message": "not found"}})
                    return
                try:
                    body = json.loads(raw)
                except json.JSONDecodeError:
                    self._send(400, {"error": {"message": "body is not JSON"}})
                    return
                status, payload = server.answer(body)
                self._send(status, payload)

        return Handler
