from drafter.review.agreement import disagreements


def test_facts_are_compared_by_name_across_languages():
    buyer = {"eta_date": "12 de diciembre de 2026", "total": "58,00 US$", "order_id": "8096574507826998"}
    zh = {"eta_date": "2026年12月12日", "total": "US$58.00", "order_id": "8096574507826998"}
    b = "Su pedido 8096574507826998 llegará el 12 de diciembre de 2026."
    r = "您的订单 8096574507826998 预计2026年12月12日送达。"
    assert disagreements(b, r, buyer, zh) == []
    edited = "Su pedido 8096574507826998 llegará el 14 de diciembre."
    found = disagreements(edited, r, buyer, zh)
    assert {(d.kind, d.fact) for d in found} == {("fact", "eta_date"), ("number", None)}
    number = next(d for d in found if d.kind == "number")
    start = edited.index("14")
    assert number.buyer_text == "14" and number.buyer_span == (start, start + 2)


def test_a_short_fact_is_not_found_inside_a_longer_number():
    assert disagreements("Pedido 12345.", "订单 12345。", {"days": "2"}, {"days": "2"}) == []


def test_translation_mode_ignores_single_digits():
    assert (
        disagreements("llega el 3 de marzo, 58 €", "3月15日送达，58欧元", min_digits=2)[0].reviewer_text
        == "15"
    )


def test_two_renderings_of_one_number_are_one_statement():
    buyer = {"return_window_span": "30 Tage", "return_window_within": "30 Tagen"}
    zh = {"return_window_span": "30天", "return_window_within": "30天"}
    assert (
        disagreements(
            "Sie können innerhalb von 30 Tagen zurückgeben.", "您可以在签收后30天内退货。", buyer, zh
        )
        == []
    )
    found = disagreements(
        "Sie können innerhalb von 14 Tagen zurückgeben.", "您可以在签收后30天内退货。", buyer, zh
    )
    assert [(d.kind, d.reviewer_text) for d in found if d.kind == "fact"] == [("fact", "30天")]
