"""The whole pipeline against a hostile OpenAI-compatible server (drafter/devtools/hostile_llm.py, started here).

Every behaviour (repair evasions, unsupported refund/delivery/gift claims, payment apps, paid reviews,
promotions, wrong language under the right label, third person, repeats, missing facts...) is played
for messages in English and Spanish on several platforms: at least 50 hostile drafts. None may be
auto-sent, and at most 2 may pass every check (lint, claims, language, grounding, required facts).
"""

from __future__ import annotations

from collections import Counter

import pytest

from drafter.config import get_settings, reset_settings_cache
from drafter.devtools.hostile_llm import BEHAVIOURS
from drafter.devtools.scripted_llm import ScriptedServer
from drafter.llm.circuit import reset_breakers
from drafter.models import BuyerMessage, RouteName

TEXTS = {
    "en": "Hello, where is my order {oid}? The tracking has not moved for a week.",
    "es": "Hola, ¿dónde está mi pedido {oid}? El seguimiento no se mueve desde hace una semana.",
}


@pytest.fixture(scope="module")
def hostile_pipeline(shared_settings):
    from drafter.wiring import build_pipeline

    server = ScriptedServer().start()
    env = {
        "DRAFTER_DATA_DIR": str(shared_settings.data_dir),
        "DRAFTER_COMPOSER": "llm",
        "DRAFTER_LLM_BASE_URL": server.base_url,
        "DRAFTER_LLM_MODEL": "any-model-plays-the-default-case",
        "DRAFTER_LLM_API_KEY": "sk-test",
        "DRAFTER_LLM_TIMEOUT_S": "2",
        "DRAFTER_LLM_BACKOFF_S": "0.01",
        "DRAFTER_LLM_CIRCUIT_FAILURES": "1000",
    }
    mp = pytest.MonkeyPatch()
    for key, value in env.items():
        mp.setenv(key, value)
    reset_settings_cache()
    try:
        yield build_pipeline(get_settings()), server
    finally:
        mp.undo()
        reset_settings_cache()
        server.stop()


def _passes_checks(result) -> bool:
    """The model's draft survived every check: used as written, lint clean, no fact missing."""
    return (
        result.draft.composer == "llm"
        and not result.draft.fallback_reason
        and result.lint.ok
        and "missing_required_facts" not in result.route.codes
    )


def test_hostile_drafts_are_never_auto_sent_and_almost_never_pass(hostile_pipeline, demo_orders):
    pipeline, server = hostile_pipeline
    orders = [
        o
        for o in demo_orders
        if o.store_id == "demo-store" and o.tracking_number and o.status.value in ("shipped", "in_transit")
    ]
    by_platform = {o.platform: o for o in orders}
    runs = [
        (lang, order)
        for lang, order in (
            ("en", by_platform.get("amazon")),
            ("en", by_platform.get("ebay")),
            ("es", by_platform.get("aliexpress")),
        )
        if order is not None
    ]
    assert len(runs) == 3, "demo data needs shipped orders on amazon, ebay and aliexpress"
    drafts, passed, auto_sent = 0, [], []
    outcomes: Counter[str] = Counter()
    for behaviour in BEHAVIOURS:
        server.default_case = f"hostile_{behaviour}"
        for lang, order in runs:
            reset_breakers()
            result = pipeline.run(
                BuyerMessage(
                    platform=order.platform,
                    store_id="demo-store",
                    text=TEXTS[lang].format(oid=order.order_id),
                )
            )
            drafts += 1
            outcomes[result.draft.fallback_reason or "llm"] += 1
            if _passes_checks(result):
                passed.append((behaviour, lang, result.draft.text))
            if result.route.route == RouteName.auto_send:
                auto_sent.append((behaviour, lang, result.draft.composer, result.draft.text))
    assert drafts >= 50
    # A fallback (template) reply may auto-send: it is Drafter's own text, not the hostile draft.
    hostile_auto = [a for a in auto_sent if a[2] == "llm"]
    assert hostile_auto == [], hostile_auto
    assert len(passed) <= 2, passed
    print(
        f"\n{drafts} hostile drafts, {len(passed)} passed the checks, {len(hostile_auto)} auto-sent; "
        f"outcomes: {dict(outcomes)}"
    )
