"""Catalogue products in the vector store (Chroma, the bundled USE encoder), matched across languages.

A buyer asking before they order rarely writes the catalogue title ("my new earbuds", "la veste
imperméable"): the message is matched against every product's titles in all languages. Only a
clear match counts; otherwise the reply says which product it needs to know about.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

import numpy as np
from chromadb.api.types import Metadata

from drafter.config import Settings
from drafter.embeddings import UseEmbeddingFunction, embed
from drafter.products import Product, load_catalogue
from drafter.retrieve.faq import chroma_client, present

COLLECTION = "products"
# Cosine similarity of the best title: product questions score 0.35-0.55 against their product's
# title, messages about no product 0.1-0.25 (demo catalogue, USE v3). And the runner-up product must
# be clearly behind, or the message names no single product.
MIN_SCORE = 0.3
MIN_MARGIN = 0.03


class ProductIndex:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.collection = chroma_client(settings).get_or_create_collection(
            COLLECTION,
            embedding_function=UseEmbeddingFunction(threads=settings.embed_threads),  # type: ignore[arg-type]  # chromadb types it EmbeddingFunction[Embeddable]; ours embeds Documents, as its docs show
            configuration={"hnsw": {"space": "cosine"}},
        )

    def upsert(self, store_id: str, products: Iterable[Product]) -> int:
        """One document per product and language: a title alone matches a short question best."""
        ids, documents, metadatas = [], [], []
        for product in products:
            for language, title in product.titles.items():
                ids.append(f"{store_id}:{product.sku}:{language}")
                documents.append(title)
                metadatas.append({"store_id": store_id, "sku": product.sku, "language": language})
        if ids:
            self.collection.upsert(ids=ids, documents=documents, metadatas=cast("list[Metadata]", metadatas))
        return len(ids)

    def has_store(self, store_id: str) -> bool:
        return bool(self.collection.get(where={"store_id": store_id}, limit=1)["ids"])

    def best(self, text: str, store_id: str, *, vector: np.ndarray | None = None) -> tuple[str, float] | None:
        """(SKU, score) of the product the message is about, or None when no product clearly is.
        `vector`: the message's embedding when the caller already has it."""
        if vector is None:
            vector = embed([text], threads=self.settings.embed_threads)[0]
        res = self.collection.query(
            query_embeddings=[vector.tolist()],
            n_results=6,
            where={"store_id": store_id},
            include=["metadatas", "distances"],
        )
        ranked = [
            (str(m["sku"]), 1.0 - float(d))
            for m, d in zip(
                present(res["metadatas"], "metadatas")[0], present(res["distances"], "distances")[0]
            )
        ]
        if not ranked:
            return None
        sku, score = ranked[0]
        runner_up = next((s for other, s in ranked if other != sku), 0.0)
        if score < MIN_SCORE or score - runner_up < MIN_MARGIN:
            return None
        return sku, round(score, 4)


def index_store(index: ProductIndex, settings: Settings, store_id: str) -> int:
    """Put the store's catalogue (bundled, then imported) in the index; upserts, so repeating is harmless."""
    catalogue = load_catalogue(
        store_id, settings.knowledge_dir / "products", settings.data_dir.resolve() / "products"
    )
    return index.upsert(store_id, catalogue.values())
