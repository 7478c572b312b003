"""FAQ entries in the vector store (Chroma), matched across languages with the bundled encoder.

Embedded by default (PersistentClient in the data dir); a Chroma server when DRAFTER_CHROMA_URL is set.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Sequence
from typing import Any, NamedTuple, TypeVar, cast
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings

from drafter.config import Settings
from drafter.embeddings import UseEmbeddingFunction, embed
from drafter.models import FaqEntry, FaqHit

LEGACY_COLLECTION = "faq"  # one collection for every scope, filtered by metadata (before partitions)
PARTITION_PREFIX = "faq-"
_NAMES_TTL_S = 10.0  # how often a long-running process looks for scopes another process created
PARTITION_BATCH = 2_000  # entries written to one partition per Chroma call (its cost is mostly per call)
OVERFETCH = 8  # nearest entries fetched per hit wanted, before other stores' entries are dropped


def _name_part(value: str) -> str:
    """A scope value as a Chroma name part ([a-zA-Z0-9_], never empty): '*' is 'all'; anything that is
    not already a plain name keeps a short hash, so two stores never share a partition."""
    if value == "*":
        return "all"
    plain = re.sub(r"[^a-zA-Z0-9_]", "_", value)[:40]
    if plain == value:
        return value
    return f"{plain}_{hashlib.sha1(value.encode()).hexdigest()[:10]}"


def partition_name(*, language: str, platform: str) -> str:
    """The collection holding the entries of one language and one platform (or '*', every platform).

    Partitions instead of one filtered collection: Chroma's metadata filter scans every entry it
    matches before the nearest-neighbour step (60 ms at 50,000 entries); a search here queries two
    small collections (the platform's and every platform's), filtered only by store, which a
    partition holds few of. Per store as well would multiply the collections by the stores (each
    collection has a fixed cost to create and open) for little gain."""
    return f"{PARTITION_PREFIX}{_name_part(language)}-{_name_part(platform)}"


T = TypeVar("T")


def present(value: T | None, what: str) -> T:
    """Chroma types every result field as optional; the fields read here are the ones the call included."""
    if value is None:
        raise RuntimeError(f"the vector store returned no {what}")
    return value


def _store_filter(store_id: str) -> dict:
    return {"store_id": {"$in": ["*", store_id]}}


def chroma_client(settings: Settings) -> chromadb.ClientAPI:
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        return chromadb.HttpClient(
            host=url.hostname or "127.0.0.1",
            port=url.port or 8000,
            ssl=url.scheme == "https",
            settings=chroma_settings,
        )
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)


def release_embedded_store(settings: Settings) -> None:
    """Close the embedded Chroma of this data dir and give its memory back to the system.

    Writing to a partition loads it (about 2.8 MB each, and Chroma never unloads one): after indexing
    the bundled knowledge into its 70 partitions on a first start, the serving process would keep all
    of them although a search loads only the partitions it reads. Called once indexing is done; FaqIndex
    objects made afterwards open the store again. Only for this data dir's store: other stores open
    in the process (tests) are left alone. A Chroma server (DRAFTER_CHROMA_URL) has nothing to release."""
    if settings.chroma_url:
        return
    import ctypes
    import gc

    from chromadb.api.shared_system_client import SharedSystemClient

    system = SharedSystemClient._identifier_to_system.pop(str(settings.chroma_path), None)
    if system is None:
        return
    system.stop()
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)  # freed pages go back to the system, not only to malloc
    except (OSError, AttributeError):
        pass


class FaqQuery(NamedTuple):
    text: str
    platform: str
    store_id: str
    language: str


def _doc_id(entry: FaqEntry) -> str:
    return f"{entry.store_id or '*'}:{entry.platform}:{entry.id}:{entry.language}"


def _hit(meta: dict, distance: float) -> FaqHit:
    return FaqHit(
        id=str(meta["id"]),
        topic=str(meta["topic"]),
        language=str(meta["language"]),
        question=str(meta["question"]),
        answer=str(meta["answer"]),
        facts=json.loads(str(meta["facts"])),
        score=round(1.0 - float(distance), 4),
    )


class FaqIndex:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.client = chroma_client(settings)
        self._embedding_function = UseEmbeddingFunction(threads=settings.embed_threads)
        self._collections: dict[str, chromadb.Collection] = {}
        self._names: set[str] = set()
        self._names_at = float("-inf")
        self._lock = threading.Lock()
        self._move_legacy_collection()

    # -- partitions -------------------------------------------------------------------------------
    def _known_names(self, *, refresh: bool = False) -> set[str]:
        now = time.monotonic()
        if refresh or now - self._names_at > _NAMES_TTL_S:
            names = {c if isinstance(c, str) else c.name for c in self.client.list_collections()}
            with self._lock:
                self._names = {n for n in names if n.startswith(PARTITION_PREFIX)}
                self._names_at = now
        return self._names

    def _collection(self, name: str, *, create: bool = False) -> chromadb.Collection:
        collection = self._collections.get(name)
        if collection is None:
            if create:
                collection = self.client.get_or_create_collection(
                    name,
                    embedding_function=self._embedding_function,  # type: ignore[arg-type]  # chromadb types it EmbeddingFunction[Embeddable]; ours embeds Documents, as its docs show
                    configuration={"hnsw": {"space": "cosine"}},
                )
            else:
                collection = self.client.get_collection(
                    name,
                    embedding_function=self._embedding_function,  # type: ignore[arg-type]  # chromadb types it EmbeddingFunction[Embeddable]; ours embeds Documents, as its docs show
                )
            with self._lock:
                self._collections[name] = collection
                self._names.add(name)
        return collection

    def _move_legacy_collection(self) -> None:
        """A data dir indexed before partitions holds one collection 'faq': move its entries (with
        their stored embeddings, nothing is encoded again) into partitions, once."""
        if LEGACY_COLLECTION not in {getattr(c, "name", c) for c in self.client.list_collections()}:
            return
        legacy = self.client.get_collection(
            LEGACY_COLLECTION,
            embedding_function=self._embedding_function,  # type: ignore[arg-type]  # chromadb types it EmbeddingFunction[Embeddable]; ours embeds Documents, as its docs show
        )
        page = 1000
        while True:
            # Any: chromadb types each result field as the union over every `include`; these are the three asked for.
            got: Any = legacy.get(limit=page, include=["embeddings", "documents", "metadatas"])
            if not got["ids"]:
                break
            metas = present(got["metadatas"], "metadatas")
            embeddings = present(got["embeddings"], "embeddings")
            documents = present(got["documents"], "documents")
            groups: dict[str, list[int]] = {}
            for i, meta in enumerate(metas):
                name = partition_name(language=str(meta["language"]), platform=str(meta["platform"]))
                groups.setdefault(name, []).append(i)
            for name, members in groups.items():
                self._collection(name, create=True).upsert(
                    ids=[got["ids"][i] for i in members],
                    embeddings=[embeddings[i] for i in members],
                    documents=[documents[i] for i in members],
                    metadatas=[metas[i] for i in members],
                )
            legacy.delete(ids=list(got["ids"]))
        self.client.delete_collection(LEGACY_COLLECTION)
        self._known_names(refresh=True)

    # -- the index --------------------------------------------------------------------------------
    def count(self) -> int:
        """Entries in every partition. Costly: Chroma loads each partition it counts into memory (about
        2.8 MB each, 70 for the bundled knowledge); start-up and readiness use partitions() instead."""
        return sum(self._collection(name).count() for name in sorted(self._known_names(refresh=True)))

    def partitions(self) -> int:
        """How many partitions hold entries (0: nothing indexed yet). Lists names only: no partition is
        loaded, so a process holds only the partitions its messages search (loaded on first search)."""
        return len(self._known_names(refresh=True))

    def upsert(
        self,
        entries: Sequence[FaqEntry],
        batch: int = 256,
        embeddings: Sequence[Sequence[float]] | None = None,
    ) -> int:
        """Insert or replace entries, each in its partition. `embeddings`: vectors already computed for
        the entries (in order); otherwise the encoder embeds question and answer, in batches across
        partitions (one encoder pass per batch, not one per partition). Each partition gets one Chroma
        call for all of its entries here (up to PARTITION_BATCH): a call costs about 0.1 s whatever it
        carries, so 256 entries spread over 14 partitions cost 14 calls, not 1 per 18 entries."""
        pending: dict[str, list[tuple[FaqEntry, Sequence[float]]]] = {}
        for start in range(0, len(entries), batch):
            chunk = list(entries[start : start + batch])
            vectors: Sequence[Sequence[float]]
            if embeddings is not None:
                vectors = [list(v) for v in embeddings[start : start + batch]]
            else:  # numpy rows, not lists: 2 KB an entry held until written, not 16 KB
                vectors = list(
                    embed(
                        [f"{e.question}\n{e.answer}" for e in chunk],
                        threads=self.settings.embed_threads,
                        cache=False,
                    )
                )
            for e, vector in zip(chunk, vectors):
                name = partition_name(language=e.language, platform=e.platform)
                members = pending.setdefault(name, [])
                members.append((e, vector))
                if len(members) >= PARTITION_BATCH:
                    self._write(name, pending.pop(name))
        for name, members in pending.items():
            self._write(name, members)
        return len(entries)

    def _write(self, name: str, members: list[tuple[FaqEntry, Sequence[float]]]) -> None:
        self._collection(name, create=True).upsert(
            ids=[_doc_id(e) for e, _ in members],
            embeddings=[v for _, v in members],  # lists or numpy rows
            documents=[f"{e.question}\n{e.answer}" for e, _ in members],
            metadatas=[
                {
                    "id": e.id,
                    "platform": e.platform,
                    "language": e.language,
                    "topic": e.topic,
                    "store_id": e.store_id or "*",
                    "question": e.question,
                    "answer": e.answer,
                    "facts": json.dumps(e.facts, ensure_ascii=False),
                }
                for e, _ in members
            ],
        )

    def search(self, text: str, *, platform: str, store_id: str, language: str, k: int = 3) -> list[FaqHit]:
        """Best entries for the message, in the buyer's language when the store has it, else English."""
        return self.search_many([FaqQuery(text, platform, store_id, language)], k=k)[0]

    def _query_partition(
        self, name: str, vectors: list[list[float]], *, store_id: str, k: int
    ) -> list[list[tuple[float, str, dict]]]:
        """The k nearest entries of this store or every store, for each vector, in one partition.

        Chroma's metadata filter costs as much as the entries it matches across every collection, so
        the partition is asked for its OVERFETCH * k nearest without one and other stores' entries are
        dropped here; only when that leaves fewer than k (a partition crowded by other stores) is the
        filtered query asked. Both give the same k: an allowed entry outside the nearest fetched is
        farther than all of them."""
        allowed = {"*", store_id}
        fetch = k * OVERFETCH
        res = self._collection(name).query(
            query_embeddings=cast("list[Sequence[float]]", vectors),
            n_results=fetch,
            include=["metadatas", "distances"],
        )
        found: list[list[tuple[float, str, dict]]] = []
        short: list[int] = []
        for i, (ids, metas, dists) in enumerate(
            zip(res["ids"], present(res["metadatas"], "metadatas"), present(res["distances"], "distances"))
        ):
            mine = [
                (float(d), doc_id, dict(m))
                for doc_id, m, d in zip(ids, metas, dists)
                if m["store_id"] in allowed
            ]
            found.append(mine[:k])
            if len(mine) < k and len(ids) == fetch:  # the partition holds more than was fetched
                short.append(i)
        if short:
            res = self._collection(name).query(
                query_embeddings=[cast("Sequence[float]", vectors[i]) for i in short],
                n_results=k,
                where=_store_filter(store_id),
                include=["metadatas", "distances"],
            )
            rows = zip(
                short,
                res["ids"],
                present(res["metadatas"], "metadatas"),
                present(res["distances"], "distances"),
            )
            for i, ids, metas, dists in rows:
                found[i] = [(float(d), doc_id, dict(m)) for doc_id, m, d in zip(ids, metas, dists)]
        return found

    def _query_scope(
        self, vectors: list[list[float]], *, language: str, platform: str, store_id: str, k: int
    ) -> list[list[FaqHit]]:
        """The k nearest entries for each vector among the language's entries for this platform or every
        platform, of this store or every store."""
        known = self._known_names()
        names = [
            n
            for n in dict.fromkeys(partition_name(language=language, platform=p) for p in ("*", platform))
            if n in known
        ]
        found: list[list[tuple[float, str, dict]]] = [[] for _ in vectors]
        for name in names:
            for i, hits in enumerate(self._query_partition(name, vectors, store_id=store_id, k=k)):
                found[i].extend(hits)
        return [
            [_hit(m, d) for d, _, m in sorted(candidates, key=lambda c: (c[0], c[1]))[:k]]
            for candidates in found
        ]

    def search_many(
        self, queries: Sequence[FaqQuery], *, k: int = 3, vectors: np.ndarray | None = None
    ) -> list[list[FaqHit]]:
        """search() for many messages with one query per partition for each (language, platform, store):
        a query carrying 20 vectors costs about what a query carrying one does. `vectors`: the queries'
        embeddings when the caller already has them (the pipeline encodes a batch once)."""
        if vectors is None:
            vectors = embed([q.text for q in queries], threads=self.settings.embed_threads)
        hits: list[list[FaqHit]] = [[] for _ in queries]
        waiting = list(range(len(queries)))
        for fallback in (False, True):  # the buyer's language first; English for those it found nothing in
            groups: dict[tuple[str, str, str], list[int]] = {}
            for i in waiting:
                q = queries[i]
                lang = "en" if fallback else q.language
                if fallback and q.language == "en":
                    continue
                groups.setdefault((lang, q.platform, q.store_id), []).append(i)
            for (lang, platform, store_id), members in groups.items():
                found = self._query_scope(
                    [vectors[i].tolist() for i in members],
                    language=lang,
                    platform=platform,
                    store_id=store_id,
                    k=k,
                )
                for i, member_hits in zip(members, found):
                    hits[i] = member_hits
            waiting = [i for i in waiting if not hits[i]]
            if not waiting:
                break
        return hits
