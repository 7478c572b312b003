"""The page's message catalogues: zh-CN and en complete, every word the page shows comes from them, nothing in
the HTML is left outside them (the Chinese page in a browser is checked in test_browser_zh.py)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from drafter.models import DraftStatus, Flag, Intent, OrderStatus, Risk, RouteName
from drafter.web.page import STATIC_DIR

CATALOGUES = {
    name: json.loads((STATIC_DIR / "i18n" / f"{name}.json").read_text(encoding="utf-8"))
    for name in ("en", "zh-CN")
}
SCRIPTS = "\n".join(p.read_text(encoding="utf-8") for p in STATIC_DIR.glob("*.js"))
HTML = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
# Words that may be the same in both languages (none so far: the product's name is not in the catalogue).
SAME_IN_BOTH: set[str] = set()
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_both_catalogues_have_every_key_and_chinese_is_chinese():
    en, zh = CATALOGUES["en"], CATALOGUES["zh-CN"]
    assert set(en) == set(zh), set(en) ^ set(zh)
    for key in en:
        assert en[key].strip() and zh[key].strip(), key
        assert re.findall(r"\{\w+\}", en[key]) == re.findall(r"\{\w+\}", zh[key]) or sorted(
            re.findall(r"\{\w+\}", en[key])
        ) == sorted(re.findall(r"\{\w+\}", zh[key])), key
        if key not in SAME_IN_BOTH:
            assert CJK.search(zh[key]) and zh[key] != en[key], (key, zh[key])


def _used_keys() -> set[str]:
    static = set(re.findall(r'data-i18n(?:-title|-placeholder|-aria)?="([\w.-]+)"', HTML))
    static |= set(re.findall(r'\bt\("([\w.-]+)"', SCRIPTS))
    return static


def test_every_key_the_page_names_exists():
    missing = _used_keys() - set(CATALOGUES["en"])
    assert not missing, missing


def test_every_value_the_page_names_from_data_has_a_word():
    en = CATALOGUES["en"]
    for prefix, values in {
        "intent": Intent,
        "flag": Flag,
        "risk": Risk,
        "route": RouteName,
        "status": DraftStatus,
        "orderStatus": OrderStatus,
    }.items():
        assert f"{prefix}." in SCRIPTS or f"{prefix}.${{" in SCRIPTS
        assert {f"{prefix}.{v.value}" for v in values} <= set(en), prefix
    route_source = (STATIC_DIR.parents[1] / "route.py").read_text(encoding="utf-8")
    codes = set(re.findall(r'\("([a-z_]+)", [f"]', route_source)) | {"high_risk", "routine"}
    codes |= {f"flag_{f.value}" for f in Flag}
    assert {f"reason.{c}" for c in codes} <= set(en), {c for c in codes if f"reason.{c}" not in en}


def test_every_situation_the_composer_names_has_a_word():
    from drafter.compose import situations

    # The main situations per intent (the page shows any other one by its code).
    names = {n for names in situations.MAIN.values() for n in names}
    assert {f"situation.{n}" for n in names} <= set(CATALOGUES["en"]), {
        n for n in names if f"situation.{n}" not in CATALOGUES["en"]
    }


def test_no_catalogue_key_is_unused():
    dynamic = set(re.findall(r"t\(`([\w.]+)\.\$\{", SCRIPTS)) | {
        "reason",
        "warning",
        "action",
        "actor",
        "situation",
    }
    used = _used_keys() | set(re.findall(r'"([\w-]+\.[\w.-]+)"', SCRIPTS))  # keys passed around as strings
    unused = {k for k in CATALOGUES["en"] if k not in used and k.rsplit(".", 1)[0] not in dynamic}
    assert not unused, unused


class _BareText(HTMLParser):
    """Text in index.html that is neither from the catalogue (data-i18n) nor data (translate="no")."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.bare: list[str] = []

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        a = dict(attrs)
        covered = "data-i18n" in a or a.get("translate") == "no" or tag in {"script", "style", "kbd"}
        if tag not in {"meta", "link", "input", "br", "img"}:
            self.stack.append((tag, covered))

    def handle_endtag(self, tag):  # noqa: ANN001
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):  # noqa: ANN001
        if re.search(r"[A-Za-z]{2,}", data) and not any(covered for _, covered in self.stack):
            self.bare.append(data.strip())


def test_the_html_has_no_word_outside_the_catalogue():
    parser = _BareText()
    parser.feed(HTML)
    assert parser.bare == []
    for attr in ("placeholder", "title", "aria-label"):
        for match in re.finditer(rf'<[^>]*\s{attr}="([^"]*[A-Za-z]{{2,}}[^"]*)"[^>]*>', HTML):
            tag = match.group(0)
            assert "data-i18n" in tag or 'translate="no"' in tag or "drk_" in match.group(1), tag
