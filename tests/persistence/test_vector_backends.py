"""`drafter knowledge import` and the FAQ search, on the embedded Chroma and on a Chroma server."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from drafter.cli import _register_all, app
from drafter.config import Settings, reset_settings_cache
from drafter.retrieve.faq import FaqIndex, partition_name
from tests.backends import chroma_server_url  # noqa: F401  (fixture)

ENTRY = {
    "id": "faq-gift-wrap",
    "platform": "*",
    "language": "en",
    "topic": "gifts",
    "question": "Do you offer gift wrapping?",
    "store_id": "wrap-store",
    "answer": "Every order can be gift wrapped for free; add a note at checkout.",
    "facts": {"gift_wrap": True},
}


@pytest.fixture(params=["embedded", "server"])
def vector_env(request: pytest.FixtureRequest, tmp_path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("DRAFTER_DATA_DIR", str(tmp_path / "var"))
    if request.param == "server":
        url = request.getfixturevalue("chroma_server_url")
        monkeypatch.setenv("DRAFTER_CHROMA_URL", url)
    reset_settings_cache()
    from drafter.config import get_settings

    yield get_settings()
    reset_settings_cache()


def test_knowledge_import_then_search(vector_env: Settings, tmp_path):
    knowledge = tmp_path / "knowledge" / "faq"
    knowledge.mkdir(parents=True)
    (knowledge / "gifts.jsonl").write_text(json.dumps(ENTRY) + "\n", encoding="utf-8")
    _register_all()
    result = CliRunner().invoke(app, ["knowledge", "import", str(tmp_path / "knowledge")])
    assert result.exit_code == 0, result.output
    index = FaqIndex(vector_env)
    if vector_env.chroma_url:  # the entry is on the server, read back by a client of its own
        from urllib.parse import urlparse

        import chromadb

        server = urlparse(vector_env.chroma_url)
        scope = partition_name(language="en", platform="*")  # the entry's partition
        raw = chromadb.HttpClient(host=server.hostname, port=server.port).get_collection(scope)
        assert raw.get(where={"id": "faq-gift-wrap"})["ids"]
        assert not vector_env.chroma_path.exists()
    else:
        assert vector_env.chroma_path.exists()
    hits = index.search(
        "Can you wrap it as a present?", platform="ebay", store_id="wrap-store", language="en"
    )
    assert hits and hits[0].id == "faq-gift-wrap" and hits[0].facts == {"gift_wrap": True}
    # Another store does not see wrap-store's own entry.
    other = index.search(
        "Can you wrap it as a present?", platform="ebay", store_id="demo-store", language="en"
    )
    assert all(hit.id != "faq-gift-wrap" for hit in other)
    bundled = index.count()
    assert bundled > 1  # the bundled FAQ was indexed on first use, beside the imported entry
    CliRunner().invoke(app, ["knowledge", "import", str(tmp_path / "knowledge")])
    assert index.count() == bundled  # importing again updates, never duplicates


def test_search_many_equals_one_search_per_message(vector_env: Settings):
    from drafter.persistence.init import ensure_initialized
    from drafter.retrieve.faq import FaqQuery

    ensure_initialized(vector_env)
    index = FaqIndex(vector_env)
    queries = [
        FaqQuery("Where is my parcel?", "ebay", "demo-store", "en"),
        FaqQuery("Do you ship to Norway?", "ebay", "demo-store", "en"),  # same filter: one query for both
        FaqQuery("¿Cuánto tarda el envío?", "amazon", "demo-store", "es"),
        FaqQuery("Можно вернуть товар?", "aliexpress", "demo-asia", "ru"),
        FaqQuery("Kan ik mijn bestelling annuleren?", "shopify", "demo-asia", "nl"),
        FaqQuery(
            "Hur lång är leveranstiden?", "ebay", "demo-store", "sv"
        ),  # no Swedish entries: English ones
    ]
    batched = index.search_many(queries)
    single = [
        index.search(q.text, platform=q.platform, store_id=q.store_id, language=q.language) for q in queries
    ]
    assert batched == single
    assert all(len(hits) == 3 for hits in batched)
    assert {hit.language for hit in batched[-1]} == {"en"}
    assert {hit.language for hit in batched[3]} == {"ru"}
