"""FAQ entries in the vector store (Chroma), matched across languages with the bundled encoder.

Embedded by default (PersistentClient in the data dir); a Chroma server when DRAFTER_CHROMA_URL is set.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import NamedTuple
from urllib.parse import urlparse

import chromadb
from chromadb.config import Settings as ChromaSettings

from drafter.config import Settings
from drafter.embeddings import UseEmbeddingFunction, embed
from drafter.models import FaqEntry, FaqHit

COLLECTION = "faq"


def chroma_client(settings: Settings) -> chromadb.ClientAPI:
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        return chromadb.HttpClient(host=url.hostname or "127.0.0.1", port=url.port or 8000,
                                   ssl=url.scheme == "https", settings=chroma_settings)
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)


class FaqQuery(NamedTuple):
    text: str
    platform: str
    store_id: str
    language: str


def _doc_id(entry: FaqEntry) -> str:
    return f"{entry.store_id or '*'}:{entry.platform}:{entry.id}:{entry.language}"


class FaqIndex:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.client = chroma_client(settings)
        self.collection = self.client.get_or_create_collection(
            COLLECTION,
            embedding_function=UseEmbeddingFunction(threads=settings.embed_threads),
            configuration={"hnsw": {"space": "cosine"}},
        )

    def count(self) -> int:
        return self.collection.count()

    def upsert(self, entries: Sequence[FaqEntry], batch: int = 256) -> int:
        for start in range(0, len(entries), batch):
            chunk = entries[start:start + batch]
            self.collection.upsert(
                ids=[_doc_id(e) for e in chunk],
                documents=[f"{e.question}\n{e.answer}" for e in chunk],
                metadatas=[{
                    "id": e.id, "platform": e.platform, "language": e.language, "topic": e.topic,
                    "store_id": e.store_id or "*", "question": e.question, "answer": e.answer,
                    "facts": json.dumps(e.facts, ensure_ascii=False),
                } for e in chunk],
            )
        return len(entries)

    def search(self, text: str, *, platform: str, store_id: str, language: str, k: int = 3) -> list[FaqHit]:
        """Best entries for the message, in the buyer's language when the store has it, else English."""
        return self.search_many([FaqQuery(text, platform, store_id, language)], k=k)[0]

    def search_many(self, queries: Sequence[FaqQuery], *, k: int = 3) -> list[list[FaqHit]]:
        """search() for many messages with one vector-store query per (language, platform, store):
        a query carrying 20 vectors costs about what a query carrying one does."""
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
                where = {"$and": [
                    {"language": lang},
                    {"platform": {"$in": ["*", platform]}},
                    {"store_id": {"$in": ["*", store_id]}},
                ]}
                res = self.collection.query(query_embeddings=[vectors[i].tolist() for i in members], n_results=k,
                                            where=where, include=["metadatas", "distances"])
                for i, metas, dists in zip(members, res["metadatas"], res["distances"]):
                    hits[i] = [FaqHit(
                        id=str(m["id"]), topic=str(m["topic"]), language=str(m["language"]),
                        question=str(m["question"]), answer=str(m["answer"]),
                        facts=json.loads(str(m["facts"])), score=round(1.0 - float(d), 4),
                    ) for m, d in zip(metas, dists)]
            waiting = [i for i in waiting if not hits[i]]
            if not waiting:
                break
        return hits
