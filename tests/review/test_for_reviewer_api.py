"""GET /v1/drafts/{id} in a store whose reviewers read Chinese (demo-store: reviewer_language zh), no LLM:
for_reviewer.draft is the reply rendered in Chinese from the same facts, for_reviewer.message a Chinese
gloss naming what the buyer asks and the flags with the words that raised them."""

from __future__ import annotations

import re
import uuid

import pytest
import yaml
from babel.dates import format_date
from babel.numbers import format_currency

from drafter.config import REPO_ROOT

CJK = re.compile(r"[\u4e00-\u9fff]")
ZH = yaml.safe_load((REPO_ROOT / "knowledge/review/zh.yaml").read_text(encoding="utf-8"))

# (buyer language, platform, status of the order, message with {oid}); written for this test.
CASES = [
    (
        "es",
        "aliexpress",
        "in_transit",
        "Hola, pagué el pedido {oid} hace dos semanas y todavía no ha llegado. ¿Dónde está mi paquete?",
    ),
    (
        "ru",
        "amazon",
        "delivered",
        "Здравствуйте! Кроссовки из заказа {oid} не подошли по размеру, хочу их вернуть. "
        "Если не ответите, оставлю плохой отзыв.",
    ),
    ("ar", "ebay", "in_transit", "مرحبا، متى سيصل طلبي رقم {oid}؟ انتظرت كثيرا وأريد أن أعرف موعد التوصيل."),
]


def _order(demo_orders, platform: str, status: str):
    return next(
        o
        for o in demo_orders
        if o.store_id == "demo-store" and o.platform == platform and o.status == status and o.total
    )


def _dates(order) -> list:
    return [
        d for d in (order.ordered_at, order.shipped_at, order.estimated_delivery, order.delivered_at) if d
    ]


@pytest.mark.parametrize("language,platform,status,text", CASES, ids=[c[0] for c in CASES])
def test_reviewer_sees_the_reply_in_chinese_with_the_same_facts(
    client, demo_auth, demo_orders, language, platform, status, text
):
    order = _order(demo_orders, platform, status)
    res = client.post(
        "/v1/drafts",
        headers=demo_auth,
        json={
            "platform": platform,
            "store_id": "demo-store",
            "text": text.format(oid=order.order_id),
            "message_id": f"fr-{uuid.uuid4()}",
            "received_at": "2026-11-20T09:30:00+00:00",
        },
    )
    assert res.status_code == 201, res.text
    draft_id = res.json()["draft_id"]
    body = client.get(f"/v1/drafts/{draft_id}", headers=demo_auth).json()
    assert body["language"] == language
    fr = body["for_reviewer"]
    assert fr["language"] == "zh" and fr["method"] == "template_and_gloss" and not fr["machine_translated"]
    buyer, chinese = body["draft"]["text"], fr["draft"]["text"]
    assert len(CJK.findall(chinese)) > 20, chinese
    assert order.order_id in buyer and order.order_id in chinese
    # Every date and amount of the order the buyer's reply states, the Chinese one states too (and vice versa).
    for day in _dates(order):
        assert (format_date(day, "long", locale=language) in buyer) == (
            format_date(day, "long", locale="zh") in chinese
        ), day
    money = (
        format_currency(order.total, order.currency, locale=language) in buyer,
        format_currency(order.total, order.currency, locale="zh") in chinese,
    )
    assert money[0] == money[1]
    assert fr["disagreements"] == [], fr["disagreements"]
    # The gloss: what the buyer asks, in Chinese, and the order and product named.
    message = fr["message"]
    assert ZH["intents"][body["intent"]] in message["text"]
    assert message["order_id"] == order.order_id and order.order_id in message["text"]
    assert message["product"] == order.items[0].title
    assert any(d["kind"] == "order_number" and d["value"] == order.order_id for d in message["details"])
    for flag in body["flags"]:
        assert ZH["flags"][flag] in message["text"]
    if language == "ru":
        assert "negative_review_threat" in body["flags"]
        evidence = next(f for f in message["flags"] if f["flag"] == "negative_review_threat")["evidence"]
        assert evidence and all(word in message["text"] for word in evidence)


def test_safety_flag_is_named_with_its_words(client, demo_auth):
    res = client.post(
        "/v1/drafts",
        headers=demo_auth,
        json={
            "platform": "amazon",
            "store_id": "demo-store",
            "message_id": f"fr-{uuid.uuid4()}",
            "text": "El cargador empezó a echar humo y se quemó el enchufe. Quiero un reembolso.",
        },
    )
    body = res.json()
    assert "safety_issue" in body["flags"]
    flag = next(f for f in body["for_reviewer"]["message"]["flags"] if f["flag"] == "safety_issue")
    assert flag["label"] == ZH["flags"]["safety_issue"] and flag["evidence"]
    assert ZH["flags"]["safety_issue"] in body["for_reviewer"]["message"]["text"]


def test_an_edited_number_is_a_disagreement(client, demo_auth, demo_orders):
    order = _order(demo_orders, "aliexpress", "in_transit")
    res = client.post(
        "/v1/drafts",
        headers=demo_auth,
        json={
            "platform": "aliexpress",
            "store_id": "demo-store",
            "message_id": f"fr-{uuid.uuid4()}",
            "text": f"Quiero cancelar el pedido {order.order_id} y que me devuelvan el dinero, tarda demasiado.",
        },
    )
    body = res.json()
    if body["status"] not in ("pending_review", "escalated"):
        pytest.skip(f"the draft was {body['status']}; only open drafts can be edited")
    solution = body["draft"]["solution"] + " Le devolveremos 77,50 € mañana."
    edited = client.patch(
        f"/v1/drafts/{body['draft_id']}", headers=demo_auth, json={"solution": solution}
    ).json()
    fr = edited["for_reviewer"]
    assert any(d["kind"] == "number" and d["buyer_text"] == "77,50" for d in fr["disagreements"]), fr[
        "disagreements"
    ]
    span = next(d["buyer_span"] for d in fr["disagreements"] if d["buyer_text"] == "77,50")
    assert edited["draft"]["text"][span[0] : span[1]] == "77,50"
    assert ZH["notes"]["edited"] in fr["notes"]


def test_reviewer_language_can_be_chosen_per_request(client, demo_auth):
    res = client.post(
        "/v1/drafts",
        headers=demo_auth,
        json={
            "platform": "ebay",
            "store_id": "demo-store",
            "message_id": f"fr-{uuid.uuid4()}",
            "text": "Wo ist meine Bestellung? Ich warte schon lange.",
        },
    )
    draft_id = res.json()["draft_id"]
    en = client.get(f"/v1/drafts/{draft_id}?reviewer_language=en", headers=demo_auth).json()["for_reviewer"]
    assert en["language"] == "en" and not CJK.search(en["draft"]["text"])
    bad = client.get(f"/v1/drafts/{draft_id}?reviewer_language=Chinese", headers=demo_auth)
    assert bad.status_code == 422
    unknown = client.get(f"/v1/drafts/{draft_id}?reviewer_language=xx", headers=demo_auth)
    assert unknown.status_code == 422 and unknown.json()["code"] == "unsupported_reviewer_language"
