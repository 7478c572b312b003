"""The catalogue in the vector store: a presale question finds its product in any language."""

from __future__ import annotations

from drafter.products import load_catalogue
from drafter.retrieve.products import ProductIndex, index_store


def test_questions_find_their_product_across_languages(settings):
    index = ProductIndex(settings)
    assert index_store(index, settings, "demo-store") == 9 * 14
    assert index.has_store("demo-store") and not index.has_store("elsewhere")
    for text, sku in [
        ("Are these earbuds any good for running?", "SKU-HD-100"),
        ("¿La mochila tiene bolsillo para portátil?", "SKU-BP-05"),
        ("Подойдёт ли это зарядное устройство к ноутбуку?", "SKU-CH-65"),
        ("このスマートウォッチは何日もちますか", "SKU-WT-30"),
    ]:
        best = index.best(text, "demo-store")
        assert best is not None and best[0] == sku, (text, best)
    for text in ("Do you ship to Iceland?", "Where is my order?", "What's the return policy?"):
        assert index.best(text, "demo-store") is None, text  # no product named: no guess


def test_presale_size_question_in_the_pipeline_uses_the_matched_product(pipeline):
    from drafter.models import BuyerMessage

    result = pipeline.run(
        BuyerMessage(
            platform="shopify",
            store_id="demo-store",
            text="Welche Größe soll ich bei der Jacke für Regen nehmen? 1,79 m, 77 kg",
        )
    )
    assert result.classification.intent.value in ("size_fit", "product_question")
    catalogue = load_catalogue("demo-store", pipeline.settings.knowledge_dir / "products")
    assert "Regenjacke" in catalogue["SKU-JK-02"].title("de")
    assert result.draft.situation == "size_advice", result.draft.text
    assert "Größe L" in result.draft.text  # 179 cm is past M (168-178); 77 kg fits L (75-90)
