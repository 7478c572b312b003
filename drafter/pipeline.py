"""Wires the stages: language -> classify -> sla -> retrieve -> compose -> lint -> route.

Knows nothing about HTTP or persistence; the API, the CLI, the workers and the eval harness are thin
shells over Pipeline.run. Each run records what every stage produced and how long it took.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from drafter import classify as classify_stage
from drafter import details as details_stage
from drafter import language as language_stage
from drafter import route as route_stage
from drafter import sla as sla_stage
from drafter.compose import Composer, ComposeRequest, get_composer
from drafter.config import Settings
from drafter.knowledge import store_profile
from drafter.lint import lint_draft
from drafter.models import (
    BuyerMessage,
    Draft,
    FaqHit,
    Intent,
    LanguageResult,
    LintResult,
    Order,
    PipelineResult,
    Retrieval,
    RouteDecision,
    RouteName,
    StageTiming,
    StoreProfile,
)
from drafter.persistence.init import ensure_initialized
from drafter.persistence.order_store import ScopedOrders
from drafter.retrieve import OrderSource, order_reference, retrieve
from drafter.retrieve.faq import FaqIndex, FaqQuery

T = TypeVar("T")


class _Timer:
    """Per-stage milliseconds of one message; `shared` holds its share of work done once for a batch."""

    def __init__(self, shared: dict[str, float] | None = None) -> None:
        self.timings: list[StageTiming] = []
        self.shared = shared or {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            ms = (time.perf_counter() - start) * 1000 + self.shared.get(name, 0.0)
            self.timings.append(StageTiming(stage=name, ms=round(ms, 3)))


@dataclass(frozen=True)
class _Prepared:
    """What run_many worked out for one message ahead of the per-message stages."""

    language: LanguageResult
    faq: list[FaqHit]
    orders: dict[tuple[str, str], Order]  # the batch's orders: lookups are dictionary reads
    shared_ms: dict[str, float]  # this message's share of the batch work, per stage


def _grounding_check() -> Callable[..., list] | None:
    try:
        from drafter.lint.grounding import check_grounding
    except ImportError:
        return None
    return check_grounding


def composer_facts(
    *,
    message: BuyerMessage,
    retrieval: Retrieval,
    store: StoreProfile,
    language: str,
    received_at: datetime | None,
    knowledge_dir: Path,
) -> list[str]:
    """Every fact rendering the composers were given for this message (shared compose facts)."""
    from drafter.compose.facts import build_facts
    from drafter.models import Classification, Intent, Risk

    request = ComposeRequest(
        message=message,
        retrieval=retrieval,
        store=store,
        language=language,
        received_at=received_at or message.received_at or datetime.now(UTC),
        # build_facts never looks at the classification; the request type needs one.
        classification=Classification(language=language, intent=Intent.other, confidence=0.0, risk=Risk.low),
    )
    return list(build_facts(request, knowledge_dir=knowledge_dir).values.values())


def _person_for(draft: Draft, decision: RouteDecision) -> RouteDecision:
    """A reply about a safety incident or an overdue refund never goes out unseen, whatever the route."""
    from drafter.compose.special import NEEDS_PERSON

    if decision.route != RouteName.auto_send or draft.situation not in NEEDS_PERSON:
        return decision
    return RouteDecision(
        route=RouteName.review,
        codes=["situation_needs_person"],
        reasons=[f"situation {draft.situation} needs a person"],
    )


class Pipeline:
    def __init__(
        self,
        *,
        settings: Settings,
        faq_index: FaqIndex,
        composer: Composer,
        orders: OrderSource | None = None,
    ) -> None:
        """`orders`: the default order lookup, for callers that pass none to run(); the API and the
        workers pass one bound to their own session instead."""
        self.settings = settings
        self.orders = orders or ScopedOrders(settings.resolved_database_url)
        self.faq_index = faq_index
        self.composer = composer
        self._grounding = _grounding_check()
        self._stores: dict[str, StoreProfile] = {}
        self._products = None  # the catalogue's vector index, opened on the first presale product question
        self._indexed: set[str] = set()

    @classmethod
    def from_settings(cls, settings: Settings) -> Pipeline:
        ensure_initialized(settings)
        return cls(
            settings=settings,
            faq_index=FaqIndex(settings),
            composer=get_composer(settings.composer, settings),
        )

    def store(self, store_id: str) -> StoreProfile:
        """The store's profile, built once per process: profiles are read-only data from knowledge/,
        and stages memoise work (policy facts for grounding) per profile object."""
        profile = self._stores.get(store_id)
        if profile is None:
            profile = self._stores[store_id] = store_profile(self.settings.knowledge_dir, store_id)
        return profile

    def _product_sku(self, message: BuyerMessage, intent: Intent, retrieval: Retrieval) -> str | None:
        """The catalogue product a presale product or size question is about (vector store match)."""
        if retrieval.order is not None or intent not in (Intent.product_question, Intent.size_fit):
            return None
        from drafter.retrieve.products import ProductIndex, index_store

        if self._products is None:
            self._products = ProductIndex(self.settings)
        if message.store_id not in self._indexed:
            index_store(self._products, self.settings, message.store_id)
            self._indexed.add(message.store_id)
        best = self._products.best(message.text, message.store_id)
        return best[0] if best else None

    def lookup_order(self, store_id: str, order_id: str) -> Order | None:
        return self.orders(store_id, order_id)

    def lint(
        self,
        draft: Draft,
        *,
        message: BuyerMessage,
        retrieval: Retrieval,
        store: StoreProfile,
        buyer_language: str,
        received_at: datetime | None = None,
    ) -> LintResult:
        """The platform rule pack, plus grounding (every fact stated must come from the stores).

        `received_at` dates the composers' own promises (the check day from the store's
        commitments): grounding accepts those renderings too.
        """
        result = lint_draft(
            draft,
            platform=message.platform,
            buyer_language=buyer_language,
            order=retrieval.order,
            store=store,
        )
        if self._grounding is None:
            return result
        extra = self._grounding(
            draft.text,
            order=retrieval.order,
            faq=retrieval.faq,
            store=store,
            message_text=message.text,
            allowed=composer_facts(
                message=message,
                retrieval=retrieval,
                store=store,
                language=buyer_language,
                received_at=received_at,
                knowledge_dir=self.settings.knowledge_dir,
            ),
        )
        return LintResult.from_violations([*result.violations, *extra]) if extra else result

    def run(
        self, message: BuyerMessage, *, order: Order | None = None, lookup: OrderSource | None = None
    ) -> PipelineResult:
        """`lookup`: where the order is found (default: the pipeline's own order source)."""
        return self._run(message, order=order, prepared=None, lookup=lookup or self.orders)

    def run_many(
        self,
        messages: Sequence[BuyerMessage],
        *,
        orders: Sequence[Order | None] | None = None,
        return_exceptions: bool = False,
        lookup: OrderSource | None = None,
    ) -> list[PipelineResult | Exception]:
        """run() for many messages, with the expensive shared work done once for all of them: one encoder
        pass over every message and sentence, one order query per store, one vector-store query per
        (language, platform, store). Results equal run()'s message by message.

        return_exceptions: a message that fails gives its exception in its place instead of stopping
        the batch (like asyncio.gather).
        """
        orders = list(orders) if orders is not None else [None] * len(messages)
        try:
            prepared = self._prepare(messages, orders, lookup or self.orders)
        except Exception:
            if not return_exceptions:
                raise
            prepared = [None] * len(messages)  # find out which message it was, one by one
        results: list[PipelineResult | Exception] = []
        for message, order, ready in zip(messages, orders, prepared):
            try:
                results.append(self._run(message, order=order, prepared=ready, lookup=lookup or self.orders))
            except Exception as exc:
                if not return_exceptions:
                    raise
                results.append(exc)
        return results

    def _prepare(
        self, messages: Sequence[BuyerMessage], orders: Sequence[Order | None], lookup: OrderSource
    ) -> list[_Prepared]:
        from drafter.embeddings import embed

        n = max(1, len(messages))
        shared: dict[str, float] = {}
        start = time.perf_counter()
        languages = [
            language_stage.detect_language(m.text, locale=m.buyer_locale, platform=m.platform.value)
            for m in messages
        ]
        shared["language"] = (time.perf_counter() - start) * 1000 / n
        start = time.perf_counter()
        embed(
            [
                t
                for m, lang in zip(messages, languages)  # fills the shared cache
                for t in classify_stage.texts_to_encode(m.text, lang.language)
            ]
        )
        shared["classify"] = (time.perf_counter() - start) * 1000 / n
        start = time.perf_counter()
        keys = {
            (m.store_id, ref)
            for m, o in zip(messages, orders)
            if o is None
            for ref in [order_reference(m)[0]]
            if ref
        }
        found = lookup.many(keys) if keys else {}
        faq = self.faq_index.search_many(
            [
                FaqQuery(m.text, m.platform.value, m.store_id, lang.language)
                for m, lang in zip(messages, languages)
            ]
        )
        shared["retrieve"] = (time.perf_counter() - start) * 1000 / n
        return [
            _Prepared(language=lang, faq=hits, orders=found, shared_ms=shared)
            for lang, hits in zip(languages, faq)
        ]

    def _run(
        self, message: BuyerMessage, *, order: Order | None, prepared: _Prepared | None, lookup: OrderSource
    ) -> PipelineResult:
        timer = _Timer(prepared.shared_ms if prepared else None)
        received_at = message.received_at or datetime.now(UTC)
        store = self.store(message.store_id)
        with timer.stage("language"):
            lang = (
                prepared.language
                if prepared
                else language_stage.detect_language(
                    message.text, locale=message.buyer_locale, platform=message.platform.value
                )
            )
        with timer.stage("classify"):
            classification = classify_stage.classify(
                message.text, platform=message.platform, language=lang.language, thread=message.thread
            )
            if self.settings.llm_classify_second_opinion:  # optional; the embedded classifier stays the judge
                from drafter.llm.second_opinion import second_opinion

                classification = second_opinion(
                    message.text, classification=classification, settings=self.settings
                )
        with timer.stage("details"):
            details = details_stage.extract_details(
                message.text, lang.language, knowledge_dir=self.settings.knowledge_dir
            )
        with timer.stage("sla"):
            sla = sla_stage.compute_sla(
                platform=message.platform,
                received_at=received_at,
                risk=classification.risk,
                intent=classification.intent,
                flags=classification.flags,
                secondary=classification.secondary_intents,
                store=store,
            )
        with timer.stage("retrieve"):
            find = (
                (lambda store_id, order_id: prepared.orders.get((store_id, order_id))) if prepared else lookup
            )
            retrieval = retrieve(
                message=message,
                intent=classification.intent,
                language=lang.language,
                lookup=find,
                faq_index=self.faq_index,
                order_override=order,
                faq=prepared.faq if prepared else None,
            )
            product_sku = self._product_sku(message, classification.intent, retrieval)
        with timer.stage("compose"):
            draft = self.composer.compose(
                ComposeRequest(
                    message=message,
                    classification=classification,
                    retrieval=retrieval,
                    store=store,
                    language=lang.language,
                    received_at=received_at,
                    details=details,
                    product_sku=product_sku,
                )
            )
        with timer.stage("lint"):
            lint = self.lint(
                draft,
                message=message,
                retrieval=retrieval,
                store=store,
                buyer_language=lang.language,
                received_at=received_at,
            )
        with timer.stage("route"):
            decision = route_stage.decide_route(
                classification=classification, retrieval=retrieval, lint=lint, store=store, draft=draft
            )
            decision = _person_for(draft, decision)
        return PipelineResult(
            message=message,
            received_at=received_at,
            classification=classification,
            language=lang,
            sla=sla,
            retrieval=retrieval,
            draft=draft,
            lint=lint,
            route=decision,
            timings=timer.timings,
            # The reviewer sees that the buyer wrote Russian in Latin letters and was answered in Russian.
            warnings=list(retrieval.warnings) + (["language_transliterated"] if lang.transliterated else []),
        )
