"""Wires the stages: language -> classify -> sla -> retrieve -> facts -> compose -> check -> route.

Pure: it knows nothing about HTTP, settings files or the database. Its ports are handed in: the
Knowledge (data under knowledge/), the order lookup, the FAQ index and the composer; the shells (API,
CLI, workers, eval) build them from the settings (drafter.wiring) and persist what it returns. Each
run records what every stage produced, the fact sheet included, and how long each stage took.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np

from drafter import classify as classify_stage
from drafter import details as details_stage
from drafter import facts as facts_stage
from drafter import language as language_stage
from drafter import route as route_stage
from drafter import sla as sla_stage
from drafter.compose import Composer, ComposeRequest, FactsRequest
from drafter.compose.special import NEEDS_PERSON
from drafter.config import Settings
from drafter.embeddings import embed
from drafter.knowledge import Knowledge
from drafter.lint.check import CheckContext, check_reply
from drafter.models import (
    BuyerMessage,
    Draft,
    FactSheet,
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
from drafter.retrieve import OrderSource, order_reference, retrieve
from drafter.retrieve.faq import FaqIndex, FaqQuery
from drafter.retrieve.products import ProductIndex, index_store


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
    vectors: np.ndarray  # embeddings of classify's texts_to_encode (message first, then sentences)
    message_vector: np.ndarray  # embedding of the message as written (FAQ and product search)
    faq: list[FaqHit]
    shared_ms: dict[str, float]  # this message's share of the batch work, per stage


def _person_for(draft: Draft, decision: RouteDecision) -> RouteDecision:
    """A reply about a safety incident or an overdue refund never goes out unseen, whatever the route."""
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
        knowledge: Knowledge,
        faq_index: FaqIndex,
        composer: Composer,
        orders: OrderSource,
    ) -> None:
        """`orders`: the default order lookup, for callers that pass none to run(); the API and the
        workers pass one bound to their own session instead. drafter.wiring.build_pipeline builds
        all of these from the settings."""
        self.settings = settings
        self.knowledge = knowledge
        self.orders = orders
        self.faq_index = faq_index
        self.composer = composer
        self._products: ProductIndex | None = None  # opened on the first presale product question
        self._indexed: set[str] = set()

    def store(self, store_id: str) -> StoreProfile:
        return self.knowledge.store(store_id)

    def _product_sku(
        self, message: BuyerMessage, intent: Intent, retrieval: Retrieval, vector: np.ndarray
    ) -> str | None:
        """The catalogue product a presale product or size question is about (vector store match)."""
        if retrieval.order is not None or intent not in (Intent.product_question, Intent.size_fit):
            return None
        if self._products is None:
            self._products = ProductIndex(self.settings)
        if message.store_id not in self._indexed:
            index_store(self._products, self.settings, message.store_id)
            self._indexed.add(message.store_id)
        best = self._products.best(message.text, message.store_id, vector=vector)
        return best[0] if best else None

    def lookup_order(self, store_id: str, order_id: str) -> Order | None:
        return self.orders(store_id, order_id)

    # ------------------------------------------------------------------ the one check

    def check_context(
        self,
        *,
        message: BuyerMessage,
        retrieval: Retrieval,
        store: StoreProfile,
        buyer_language: str,
        received_at: datetime | None,
    ) -> CheckContext:
        return CheckContext(
            platform=message.platform,
            knowledge_dir=self.knowledge.root,
            store=store,
            buyer_language=buyer_language,
            order=retrieval.order,
            faq=tuple(retrieval.faq),
            message_text=message.text,
            received_at=received_at or message.received_at,
        )

    def fact_sheet(
        self,
        *,
        message: BuyerMessage,
        retrieval: Retrieval,
        store: StoreProfile,
        language: str,
        received_at: datetime,
        details: details_stage.Details | None = None,
        product_sku: str | None = None,
    ) -> FactSheet:
        """The facts stage for one message."""
        request = FactsRequest(
            message=message,
            retrieval=retrieval,
            store=store,
            language=language,
            received_at=received_at,
            details=details,
            product_sku=product_sku,
        )
        return facts_stage.build_fact_sheet(request, knowledge=self.knowledge)

    def recheck(
        self,
        reply: Draft | str,
        *,
        message: BuyerMessage,
        run: Mapping[str, Any],
        received_at: datetime,
        language: str,
    ) -> LintResult:
        """Check a stored draft's reply again (an edit, a preview, an approval) exactly as the pipeline
        checked it: against the fact sheet in its run record. A record from before the facts stage gets
        its sheet built again for the day the message was received, never for today."""
        retrieval = Retrieval.model_validate(run.get("retrieval") or {})
        store = self.store(message.store_id)
        stored = run.get("facts")
        facts = (
            FactSheet.model_validate(stored)
            if stored
            else self.fact_sheet(
                message=message, retrieval=retrieval, store=store, language=language, received_at=received_at
            )
        )
        context = self.check_context(
            message=message,
            retrieval=retrieval,
            store=store,
            buyer_language=language,
            received_at=received_at,
        )
        return check_reply(reply, facts, context)

    # ------------------------------------------------------------------ runs

    def run(
        self, message: BuyerMessage, *, order: Order | None = None, lookup: OrderSource | None = None
    ) -> PipelineResult:
        """`lookup`: where the order is found (default: the pipeline's own order source)."""
        result = self.run_many([message], orders=[order], lookup=lookup)[0]
        assert isinstance(result, PipelineResult)  # run_many raises instead without return_exceptions
        return result

    def run_many(
        self,
        messages: Sequence[BuyerMessage],
        *,
        orders: Sequence[Order | None] | None = None,
        return_exceptions: bool = False,
        lookup: OrderSource | None = None,
    ) -> list[PipelineResult | Exception]:
        """Draft replies for many messages, with the expensive shared work done once for all of them:
        one encoder pass over every message and sentence, one order query per store, one vector-store
        query per (language, platform, store). run() is this for one message.

        return_exceptions: a message that fails gives its exception in its place instead of stopping
        the batch (like asyncio.gather).
        """
        orders = list(orders) if orders is not None else [None] * len(messages)
        lookup = lookup or self.orders
        prepared: list[_Prepared | Exception]
        found: dict[tuple[str, str], Order | None]
        try:
            ready, found = self._prepare(messages, orders, lookup)
            prepared = list(ready)
        except Exception:
            if not return_exceptions:
                raise
            prepared, found = [], {}
            for message, order in zip(messages, orders):  # find out which message it was, one by one
                try:
                    one, one_found = self._prepare([message], [order], lookup)
                    prepared.append(one[0])
                    found.update(one_found)
                except Exception as exc:
                    prepared.append(exc)
        results: list[PipelineResult | Exception] = []
        for message, order, ready_one in zip(messages, orders, prepared):
            try:
                if isinstance(ready_one, Exception):
                    raise ready_one
                results.append(
                    self._run(message, order=order, prepared=ready_one, found=found, lookup=lookup)
                )
            except Exception as exc:
                if not return_exceptions:
                    raise
                results.append(exc)
        return results

    def _prepare(
        self, messages: Sequence[BuyerMessage], orders: Sequence[Order | None], lookup: OrderSource
    ) -> tuple[list[_Prepared], dict[tuple[str, str], Order | None]]:
        kdir = self.knowledge.root
        n = max(1, len(messages))
        shared: dict[str, float] = {}
        start = time.perf_counter()
        languages = [
            language_stage.detect_language(
                m.text, locale=m.buyer_locale, platform=m.platform.value, knowledge_dir=kdir
            )
            for m in messages
        ]
        shared["language"] = (time.perf_counter() - start) * 1000 / n
        start = time.perf_counter()
        # One encoder pass for the batch: what classify reads (message and sentences) and the message as
        # written (FAQ and product search); the vectors are handed to those stages explicitly.
        per_message = [
            classify_stage.texts_to_encode(m.text, lang.language, knowledge_dir=kdir)
            for m, lang in zip(messages, languages)
        ]
        unique = list(dict.fromkeys([t for texts in per_message for t in texts] + [m.text for m in messages]))
        encoded = embed(unique, threads=self.settings.embed_threads, cache=False) if unique else None
        row = {t: i for i, t in enumerate(unique)}

        def vectors_of(texts: list[str]) -> np.ndarray:
            assert encoded is not None
            return encoded[[row[t] for t in texts]]

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
        message_vectors = vectors_of([m.text for m in messages])
        faq = self.faq_index.search_many(
            [
                FaqQuery(m.text, m.platform.value, m.store_id, lang.language)
                for m, lang in zip(messages, languages)
            ],
            vectors=message_vectors,
        )
        shared["retrieve"] = (time.perf_counter() - start) * 1000 / n
        ready = [
            _Prepared(
                language=lang,
                vectors=vectors_of(texts),
                message_vector=message_vectors[i],
                faq=hits,
                shared_ms=shared,
            )
            for i, (lang, texts, hits) in enumerate(zip(languages, per_message, faq))
        ]
        return ready, {key: found.get(key) for key in keys}

    def _run(
        self,
        message: BuyerMessage,
        *,
        order: Order | None,
        prepared: _Prepared,
        found: Mapping[tuple[str, str], Order | None],
        lookup: OrderSource,
    ) -> PipelineResult:
        timer = _Timer(prepared.shared_ms)
        received_at = message.received_at or datetime.now(UTC)
        store = self.store(message.store_id)
        kdir = self.knowledge.root
        with timer.stage("language"):
            lang = prepared.language
        with timer.stage("classify"):
            classification = classify_stage.classify(
                message.text,
                platform=message.platform,
                language=lang.language,
                thread=message.thread,
                knowledge_dir=kdir,
                vectors=prepared.vectors,
            )
            if self.settings.llm_classify_second_opinion:  # optional; the embedded classifier stays the judge
                from drafter.llm.second_opinion import second_opinion  # local: langchain costs seconds

                classification = second_opinion(
                    message.text, classification=classification, settings=self.settings
                )
        with timer.stage("details"):
            details = details_stage.extract_details(message.text, lang.language, knowledge_dir=kdir)
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

            def find(store_id: str, order_id: str) -> Order | None:
                # The batch's orders are dictionary reads; an id the batch did not look up goes to the port.
                key = (store_id, order_id)
                return found[key] if key in found else lookup(store_id, order_id)

            retrieval = retrieve(
                message=message,
                intent=classification.intent,
                language=lang.language,
                lookup=find,
                faq_index=self.faq_index,
                order_override=order,
                faq=prepared.faq,
            )
            product_sku = self._product_sku(
                message, classification.intent, retrieval, prepared.message_vector
            )
        with timer.stage("facts"):
            facts = self.fact_sheet(
                message=message,
                retrieval=retrieval,
                store=store,
                language=lang.language,
                received_at=received_at,
                details=details,
                product_sku=product_sku,
            )
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
                    facts=facts,
                )
            )
        with timer.stage("lint"):
            context = self.check_context(
                message=message,
                retrieval=retrieval,
                store=store,
                buyer_language=lang.language,
                received_at=received_at,
            )
            lint = check_reply(draft, facts, context)
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
            facts=facts,
            timings=timer.timings,
            # The reviewer sees that the buyer wrote Russian in Latin letters and was answered in Russian.
            warnings=list(retrieval.warnings) + (["language_transliterated"] if lang.transliterated else []),
        )
