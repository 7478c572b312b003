"""POST /v1/classify detects the language as the pipeline does: the platform is a
weak prior on a text too short to tell, and the buyer's locale wins over it."""

from __future__ import annotations

from drafter.language import detect_language

# "ok" alone says nothing; on Amazon, where most buyers write English, it is English.
SHORT = "ok"


def test_short_text_needs_the_platform_to_be_english() -> None:
    # The premise of the tests below: without the platform the detector guesses another language.
    assert detect_language(SHORT).language != "en"
    assert detect_language(SHORT, platform="amazon").language == "en"


def test_classify_endpoint_passes_platform_and_locale(client, demo_auth) -> None:
    res = client.post("/v1/classify", json={"platform": "amazon", "text": SHORT}, headers=demo_auth)
    assert res.status_code == 200 and res.json()["language"] == "en"
    res = client.post(
        "/v1/classify",
        json={"platform": "amazon", "text": SHORT, "buyer_locale": "fr-FR"},
        headers=demo_auth,
    )
    assert res.status_code == 200 and res.json()["language"] == "fr"
