"""Fixtures for the LLM tests: settings pointed at the scripted endpoint, requests, cassettes.

These tests prove the wiring (prompts, schema, retries, fallbacks, checks), not a model's quality:
the answers on record come from drafter.devtools.scripted_llm, which assembles them from the prompt.

Cassettes (eval/cassettes/llm) replay by default: record mode `none`, a request with no recorded
answer fails. Re-record against the scripted server the tests start on 127.0.0.1:18099:
    DRAFTER_CASSETTE_RECORD=all .venv/bin/python -m pytest tests/llm tests/compose -q
Recording against a real endpoint with a real key: see docs/llm.md and test_llm_real_endpoint.py.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
import vcr

from drafter.compose import ComposeRequest
from drafter.config import Settings
from drafter.devtools.scripted_llm import ScriptedServer
from drafter.knowledge import store_profile
from drafter.llm.circuit import reset_breakers
from drafter.models import BuyerMessage, Classification, Intent, Order, Retrieval, Risk

REPO = Path(__file__).resolve().parents[2]
SCRIPTED_DIR = REPO / "eval" / "cassettes" / "llm"
REAL_DIR = REPO / "eval" / "cassettes" / "llm-real"
SCRIPTED_PORT = 18099
SCRIPTED_URL = f"http://127.0.0.1:{SCRIPTED_PORT}/v1"
# Secrets never reach a cassette: every header that can carry a key is dropped before writing.
SECRET_HEADERS = ["authorization", "api-key", "openai-organization", "openai-project", "cookie", "set-cookie"]


def record_mode() -> str:
    return os.environ.get("DRAFTER_CASSETTE_RECORD", "none")


def recording() -> bool:
    return record_mode() != "none"


def make_vcr(directory: Path) -> vcr.VCR:
    return vcr.VCR(
        cassette_library_dir=str(directory),
        record_mode=record_mode(),
        match_on=["method", "uri", "body"],
        filter_headers=SECRET_HEADERS,
        decode_compressed_response=True,
    )


RECEIVED = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fresh_breakers() -> Iterator[None]:
    reset_breakers()  # breakers are process-wide; one test's failures must not open another's circuit
    yield
    reset_breakers()


@pytest.fixture(scope="session")
def scripted_endpoint() -> Iterator[ScriptedServer | None]:
    """The scripted server on the cassettes' fixed port, only while recording."""
    if not recording():
        yield None
        return
    with ScriptedServer(port=SCRIPTED_PORT) as server:
        yield server


@pytest.fixture
def cassette(scripted_endpoint: ScriptedServer | None):
    """`with cassette("name"):` replays eval/cassettes/llm/name.yaml (or records it)."""

    def use(name: str):
        path = SCRIPTED_DIR / f"{name}.yaml"
        if scripted_endpoint is not None:
            scripted_endpoint.reset()
            if record_mode() == "all":
                path.unlink(missing_ok=True)  # vcrpy appends to an existing cassette; re-record from scratch
        elif not path.exists():
            pytest.fail(
                f"cassette {path} is missing: record it with DRAFTER_CASSETTE_RECORD=all (docs/llm.md)"
            )
        return _played_in_full(name, make_vcr(SCRIPTED_DIR).use_cassette(f"{name}.yaml"))

    return use


@contextmanager
def _played_in_full(name: str, context):
    """Fail clearly when a request found no recorded twin (the composer would just fall back)."""
    with context as cassette:
        yield cassette
    if not recording() and not cassette.all_played:
        pytest.fail(
            f"cassette {name}: a request did not match its recording (a prompt, the facts block or "
            "a setting changed?). Re-record: DRAFTER_CASSETTE_RECORD=all pytest tests/llm tests/compose"
        )


def _llm_settings(case: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "composer": "llm",
        "llm_base_url": SCRIPTED_URL,
        "llm_model": f"scripted/{case}",
        "llm_api_key": "sk-test-not-a-real-key",
        "llm_backoff_s": 0.01,
        "llm_timeout_s": 2.0,
        "llm_total_budget_s": 5.0,
        "llm_max_retries": 2,
        "llm_circuit_failures": 100,
        "llm_structured_output": "json_schema",  # the cassettes hold json_schema requests
    }
    values.update(overrides)
    return Settings(**values)


def demo_order() -> Order:
    """A shipped eBay order, written here so demo-data changes never move these tests."""
    return Order.model_validate(
        {
            "order_id": "49-95566-97648",
            "store_id": "demo-store",
            "platform": "ebay",
            "status": "shipped",
            "items": [{"sku": "SKU-HD-100", "title": "wireless headphones", "quantity": 1, "price": 39.9}],
            "currency": "USD",
            "total": 39.9,
            "carrier": "USPS",
            "tracking_number": "JJD677179516175412",
            "ordered_at": "2026-11-03",
            "shipped_at": "2026-11-05",
            "estimated_delivery": "2026-11-12",
            "destination_country": "US",
            "buyer_name": "Yuki",
            "tracking_events": [
                {"at": "2026-11-05T00:00:00", "location": "Shenzhen, CN", "description": "Shipment picked up"}
            ],
        }
    )


def _compose_request(
    *,
    text: str = "Hi, where is my order? It has not arrived yet.",
    order: Order | None = None,
    injection: bool = False,
    intent: Intent = Intent.shipping_status,
    language: str = "en",
    auto_reply: bool = True,
) -> ComposeRequest:
    order = demo_order() if order is None else order
    store = store_profile(Settings().knowledge_dir, "demo-store").model_copy(
        update={"auto_reply": auto_reply}
    )
    return ComposeRequest(
        message=BuyerMessage(
            platform=order.platform, store_id="demo-store", text=text, order_id=order.order_id
        ),
        classification=Classification(
            language=language, intent=intent, confidence=0.95, risk=Risk.low, injection=injection
        ),
        retrieval=Retrieval(order=order, order_lookup="found", order_id_source="request"),
        store=store,
        language=language,
        received_at=RECEIVED,
    )


@pytest.fixture
def llm_settings():
    """llm_settings(case, **overrides): Settings pointed at the scripted endpoint, playing `case`."""
    return _llm_settings


@pytest.fixture
def compose_request():
    """compose_request(text=..., order=..., injection=...): a ComposeRequest for the demo store."""
    return _compose_request


@pytest.fixture
def order() -> Order:
    return demo_order()


@pytest.fixture
def real_cassettes():
    """(directory, make_vcr) for the real-endpoint cassettes."""
    return REAL_DIR, make_vcr
