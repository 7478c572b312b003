"""Claims: what a reply says has happened or will happen, checked against the facts and the store.

An identifier can be grounded by looking it up; a claim ("we have already refunded you", "it will
definitely arrive tomorrow", "we will send you a free gift") is grounded by the order's state or by
the store allowing that action. Each claim kind is a rule in knowledge/rules/claims.yaml: its
phrasings per language (patterns, with negations in unless_before) plus what supports it:

  supported_statuses: [status, ...]   the known order has one of these statuses (a refund issued on
                                      a cancelled or returned order is a fact)
  allowed_action: name                the store's policy lists it in `allowed_actions`
                                      (e.g. partial_refund, free_gift, discount, compensation)
  supported_policy: {key: value}      the store's effective policy has this value
                                      (e.g. return_shipping_paid_by: seller)

A claim with no support blocks, like an invented tracking number.
"""

from __future__ import annotations

from collections.abc import Iterator

from drafter.knowledge import effective_policy
from drafter.lint.detectors import Detector, Hit, detector
from drafter.lint.detectors.patterns import regex_detector
from drafter.lint.document import Doc
from drafter.lint.packs import RuleSpec
from drafter.models import StorePolicy


def store_policy(doc: Doc) -> dict:
    """The store's effective policy on the reply's platform, as a dict (cached per lint call)."""
    if "policy" not in doc.cache:
        if doc.store is None:  # no store known: the defaults every store starts from
            doc.cache["policy"] = StorePolicy().model_dump(mode="json")
        else:
            doc.cache["policy"] = effective_policy(doc.store, doc.platform).model_dump(mode="json")
    return doc.cache["policy"]


def supported(spec: RuleSpec, doc: Doc) -> bool:
    p = spec.params
    statuses = set(p.get("supported_statuses") or ())
    if statuses and doc.order is not None and doc.order.status.value in statuses:
        return True
    action = p.get("allowed_action")
    if action and action in (store_policy(doc).get("allowed_actions") or []):
        return True
    wanted = p.get("supported_policy") or {}
    policy = store_policy(doc) if wanted else {}
    return bool(wanted) and all(str(policy.get(k)) == str(v) for k, v in wanted.items())


@detector("claim")
def claim_detector(spec: RuleSpec) -> Detector:
    phrases = regex_detector(spec)  # patterns, unless_before/after: the regex detector's params

    def detect(doc: Doc) -> Iterator[Hit]:
        hits = list(phrases(doc))
        if hits and not supported(spec, doc):
            yield from ((start, end, None, "no fact or store policy supports it") for start, end, _ in hits)

    return detect
