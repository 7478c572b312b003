"""First-version classifier: keyword cues. The embedding classifier replaces the intent part."""

from __future__ import annotations

import re

from drafter.models import Flag, Intent

_INTENT_CUES: dict[Intent, tuple[str, ...]] = {
    Intent.shipping_status: ("where is my", "tracking", "not received", "haven't received", "где заказ", "где мой", "dónde está", "wo ist", "wo bleibt", "où est", "onde está", "包裹", "物流"),
    Intent.delivery_time: ("how long", "when will it arrive", "delivery time", "shipping options", "сколько идет", "cuánto tarda"),
    Intent.address_change: ("change the address", "change my address", "wrong address", "new address", "cambiar la dirección", "adresse ändern", "изменить адрес"),
    Intent.cancel_order: ("cancel", "cancelar", "stornieren", "отменить", "annuler", "取消"),
    Intent.return_request: ("return", "send it back", "exchange", "devolver", "zurückschicken", "вернуть товар", "退货"),
    Intent.refund_request: ("refund", "money back", "reembolso", "erstattung", "возврат денег", "rembourse", "退款"),
    Intent.item_problem: ("broken", "damaged", "defective", "doesn't work", "not working", "wrong item", "missing", "roto", "kaputt", "сломан", "не работает", "cassé"),
    Intent.size_fit: ("size", "fit", "talla", "größe", "размер", "taille"),
    Intent.product_question: ("compatible", "does it", "is it", "how to use", "waterproof", "in stock"),
    Intent.payment_invoice: ("invoice", "charged twice", "payment", "vat", "factura", "rechnung", "счет", "facture"),
    Intent.price_discount: ("discount", "coupon", "cheaper", "bulk", "descuento", "rabatt", "скидк"),
    Intent.thanks: ("thank", "thanks", "gracias", "danke", "спасибо", "merci", "obrigad", "谢谢"),
}

_FLAG_CUES: dict[Flag, tuple[str, ...]] = {
    Flag.legal_threat: ("lawyer", "attorney", "court", "sue ", "legal action", "consumer protection", "abogado", "anwalt", "адвокат", "суд", "avocat"),
    Flag.chargeback_claim: ("a-to-z", "a to z", "chargeback", "dispute", "paypal claim", "bank", "disputa", "спор", "litige"),
    Flag.negative_review_threat: ("bad review", "negative review", "1 star", "one star", "negative feedback", "отзыв", "mala reseña", "schlechte bewertung"),
    Flag.safety_issue: ("fire", "smoke", "burn", "injur", "rash", "toxic", "electric shock", "incendio", "brand", "пожар", "ожог"),
    Flag.abusive: ("idiot", "stupid", "scam", "fuck", "shit", "moron"),
}

_INJECTION = re.compile(
    r"ignore (all |the )?(previous|prior|above) instructions|developer mode|system prompt|you are now|"
    r"add your (e-?mail|phone)|gift card",
    re.IGNORECASE,
)


def classify_intent(text: str, *, language: str) -> tuple[Intent, list[Intent], float, dict[str, float]]:
    lowered = text.lower()
    hits = [(intent, sum(cue in lowered for cue in cues)) for intent, cues in _INTENT_CUES.items()]
    hits = sorted((h for h in hits if h[1]), key=lambda h: -h[1])
    if not hits:
        return Intent.other, [], 0.3, {Intent.other.value: 1.0}
    total = sum(n for _, n in hits)
    scores = {intent.value: n / total for intent, n in hits}
    return hits[0][0], [i for i, _ in hits[1:3]], min(0.95, 0.5 + 0.15 * hits[0][1]), scores


def detect_flags(text: str) -> tuple[list[Flag], dict[str, list[str]]]:
    lowered = text.lower()
    evidence = {flag.value: [c for c in cues if c in lowered] for flag, cues in _FLAG_CUES.items()}
    evidence = {k: v for k, v in evidence.items() if v}
    return [Flag(k) for k in evidence], evidence


def detect_injection(text: str) -> bool:
    return bool(_INJECTION.search(text))
