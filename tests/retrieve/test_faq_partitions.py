"""The FAQ vector store partitioned by language and platform: a search sees exactly the entries of its
scope (the buyer's language; this platform or every platform; this store or every store), and a data dir
indexed before partitions has its single collection moved into them."""

from __future__ import annotations

import json

import chromadb
from chromadb.config import Settings as ChromaSettings

from drafter.config import Settings
from drafter.embeddings import embed
from drafter.models import FaqEntry
from drafter.retrieve.faq import LEGACY_COLLECTION, FaqIndex, partition_name

WRAP = "Do you offer gift wrapping?\nEvery order can be gift wrapped for free."


def _entry(
    entry_id: str, *, platform: str = "*", store_id: str | None = None, language: str = "en"
) -> FaqEntry:
    question, answer = WRAP.split("\n")
    return FaqEntry(
        id=entry_id,
        platform=platform,
        language=language,
        topic="gifts",
        question=question,
        answer=answer,
        store_id=store_id,
        facts={"gift_wrap": True},
    )


def _ids(index: FaqIndex, *, platform: str, store_id: str, language: str = "en") -> set[str]:
    return {
        hit.id
        for hit in index.search(
            "Can you wrap it as a present?", platform=platform, store_id=store_id, language=language, k=10
        )
    }


def test_a_search_sees_its_scope_and_nothing_else(tmp_path):
    index = FaqIndex(Settings(data_dir=tmp_path / "var"))
    index.upsert(
        [
            _entry("every-store-every-platform"),
            _entry("every-store-ebay", platform="ebay"),
            _entry("shop-a-any", store_id="shop-a"),
            _entry("shop-a-ebay", platform="ebay", store_id="shop-a"),
            _entry("shop-b-any", store_id="shop-b"),
            _entry("german", language="de"),
        ]
    )
    assert index.count() == 6
    assert _ids(index, platform="ebay", store_id="shop-a") == {
        "every-store-every-platform",
        "every-store-ebay",
        "shop-a-any",
        "shop-a-ebay",
    }
    assert _ids(index, platform="amazon", store_id="shop-a") == {"every-store-every-platform", "shop-a-any"}
    assert _ids(index, platform="amazon", store_id="shop-b") == {"every-store-every-platform", "shop-b-any"}
    assert _ids(index, platform="amazon", store_id="shop-b", language="de") == {"german"}
    # No Swedish entries: the English ones answer, as before partitions.
    assert _ids(index, platform="amazon", store_id="shop-c", language="sv") == {"every-store-every-platform"}


def test_hits_come_nearest_first_across_partitions(tmp_path):
    index = FaqIndex(Settings(data_dir=tmp_path / "var"))
    index.upsert(
        [
            _entry("wrap-ebay", platform="ebay"),
            FaqEntry(
                id="returns",
                platform="*",
                language="en",
                topic="returns",
                question="How do I return an item?",
                answer="Open a return in your orders within 30 days.",
            ),
        ]
    )
    hits = index.search("Can you gift wrap my order?", platform="ebay", store_id="s", language="en")
    assert [h.id for h in hits] == ["wrap-ebay", "returns"]
    assert hits[0].score >= hits[1].score


def test_a_single_collection_from_before_partitions_is_moved(tmp_path):
    settings = Settings(data_dir=tmp_path / "var")
    settings.chroma_path.mkdir(parents=True)
    client = chromadb.PersistentClient(
        path=str(settings.chroma_path), settings=ChromaSettings(anonymized_telemetry=False)
    )
    legacy = client.create_collection(
        LEGACY_COLLECTION, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
    )
    entries = [_entry("wrap", store_id="shop-a"), _entry("wrap-de", language="de", platform="ebay")]
    legacy.add(
        ids=[f"{e.store_id or '*'}:{e.platform}:{e.id}:{e.language}" for e in entries],
        embeddings=embed([f"{e.question}\n{e.answer}" for e in entries], cache=False),
        documents=[f"{e.question}\n{e.answer}" for e in entries],
        metadatas=[
            {
                "id": e.id,
                "platform": e.platform,
                "language": e.language,
                "topic": e.topic,
                "store_id": e.store_id or "*",
                "question": e.question,
                "answer": e.answer,
                "facts": json.dumps(e.facts),
            }
            for e in entries
        ],
    )
    del legacy, client

    index = FaqIndex(settings)
    names = {c.name for c in index.client.list_collections()}
    assert LEGACY_COLLECTION not in names
    assert {
        partition_name(language="en", platform="*"),
        partition_name(language="de", platform="ebay"),
    } <= names
    assert index.count() == 2
    assert _ids(index, platform="amazon", store_id="shop-a") == {"wrap"}
    assert _ids(index, platform="ebay", store_id="x", language="de") == {"wrap-de"}


def test_a_partition_crowded_by_other_stores_still_gives_this_stores_entries(tmp_path):
    # Thirty entries of another store sit nearer the question than this store's only entry: the
    # unfiltered nearest ones are all someone else's, and the search must still find this store's.
    index = FaqIndex(Settings(data_dir=tmp_path / "var"))
    index.upsert(
        [_entry(f"theirs-{i}", store_id="other-shop") for i in range(30)]
        + [
            FaqEntry(
                id="mine",
                platform="*",
                language="en",
                topic="returns",
                store_id="my-shop",
                question="How do I return an item?",
                answer="Open a return in your orders within 30 days.",
            )
        ]
    )
    hits = index.search(
        "Can you wrap it as a present?", platform="ebay", store_id="my-shop", language="en", k=3
    )
    assert [h.id for h in hits] == ["mine"]  # the 24 nearest fetched are all another store's
    assert (
        len(
            index.search(
                "Can you wrap it as a present?", platform="ebay", store_id="other-shop", language="en", k=3
            )
        )
        == 3
    )
