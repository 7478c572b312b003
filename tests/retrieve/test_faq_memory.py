"""What keeps a process's FAQ partitions few: start-up lists them instead of loading them, a first start
lets go of the store it indexed, and an import writes each partition once per batch."""

from __future__ import annotations

from chromadb.api.shared_system_client import SharedSystemClient

from drafter.config import Settings
from drafter.models import FaqEntry
from drafter.persistence.init import ensure_initialized
from drafter.retrieve import faq
from drafter.retrieve.faq import FaqIndex


def _entry(i: int, language: str) -> FaqEntry:
    return FaqEntry(
        id=f"e{i}",
        platform="*",
        language=language,
        topic="gifts",
        question=f"Do you gift wrap item {i}?",
        answer="Every order can be gift wrapped for free.",
        facts={},
    )


def test_a_first_start_indexes_then_lets_go_of_the_store_and_searches_still_work(tmp_path):
    settings = Settings(data_dir=tmp_path / "var", load_demo_data=False)
    ensure_initialized(settings)
    assert str(settings.chroma_path) not in SharedSystemClient._identifier_to_system
    index = FaqIndex(settings)
    assert index.partitions() > 20  # the bundled knowledge, listed without loading a partition
    hits = index.search(
        "How long does delivery take?", platform="amazon", store_id="demo-store", language="en"
    )
    assert hits and hits[0].language == "en"


def test_an_upsert_writes_each_partition_once_per_call(tmp_path, monkeypatch):
    index = FaqIndex(Settings(data_dir=tmp_path / "var"))
    writes: list[tuple[str, int]] = []
    real = FaqIndex._write

    def spy(self: FaqIndex, name: str, members: list) -> None:
        writes.append((name, len(members)))
        real(self, name, members)

    monkeypatch.setattr(FaqIndex, "_write", spy)
    entries = [_entry(i, ("en", "de", "fr")[i % 3]) for i in range(90)]
    assert index.upsert(entries, batch=16) == 90  # six encoder batches, still one write per partition
    assert sorted(writes) == sorted(
        (faq.partition_name(language=lang, platform="*"), 30) for lang in ("en", "de", "fr")
    )
    assert index.count() == 90
