"""The LLM composer sits behind the same protocol and registry as the template composer."""

from __future__ import annotations

import socket
from datetime import UTC, datetime

from drafter.compose import Composer, ComposeRequest, get_composer
from drafter.config import Settings
from drafter.knowledge import load_demo_orders, store_profile
from drafter.llm.circuit import reset_breakers
from drafter.models import BuyerMessage, Classification, Intent, Retrieval, Risk


def _request() -> ComposeRequest:
    settings = Settings()
    order = load_demo_orders(settings.knowledge_dir)[0]
    return ComposeRequest(
        message=BuyerMessage(platform=order.platform, store_id="demo-store", text="Any news on my order?"),
        classification=Classification(
            language="en", intent=Intent.shipping_status, confidence=0.9, risk=Risk.low
        ),
        retrieval=Retrieval(order=order, order_lookup="found"),
        store=store_profile(settings.knowledge_dir, "demo-store"),
        language="en",
        received_at=datetime(2026, 11, 21, 9, 0, tzinfo=UTC),
    )


def test_llm_composer_is_registered_and_implements_the_protocol():
    composer = get_composer("llm", Settings(composer="llm"))
    assert isinstance(composer, Composer) and composer.name == "llm"


def test_a_draft_request_never_fails_because_the_llm_did():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    reset_breakers()
    settings = Settings(composer="llm", llm_base_url=f"http://127.0.0.1:{port}/v1", llm_timeout_s=1.0)
    request = _request()
    draft = get_composer("llm", settings).compose(request)
    template = get_composer("template", settings).compose(request)
    assert draft.fallback_reason == "llm_unreachable"
    assert draft.model_dump(exclude={"fallback_reason", "usage"}) == template.model_dump(
        exclude={"fallback_reason", "usage"}
    )
    reset_breakers()


def test_a_bug_in_the_llm_path_costs_a_template_draft_not_the_request(monkeypatch):
    import drafter.compose.llm as llm_module

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the facts block")

    monkeypatch.setattr(llm_module, "llm_facts", broken)
    draft = get_composer("llm", Settings(composer="llm", llm_base_url="http://127.0.0.1:9/v1")).compose(
        _request()
    )
    assert draft.composer == "template" and draft.fallback_reason == "llm_error: RuntimeError"
