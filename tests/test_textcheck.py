"""The one check every edge uses for characters no input may carry."""

from __future__ import annotations

import pytest

from drafter.textcheck import first_forbidden, scrub


@pytest.mark.parametrize(
    ("value", "where", "char"),
    [
        ({"a": "x\x00"}, ("a",), "\x00"),
        ({"a": {"b": [1, "\x0b"]}}, ("a", "b", 1), "\x0b"),
        ({"a": "\x08"}, ("a",), "\x08"),  # dumped as \b
        ({"a": "\x0c"}, ("a",), "\x0c"),  # dumped as \f
        ({"a": "x\\\x00"}, ("a",), "\x00"),  # a backslash right before it
        ({"k\x01": 1}, ("<key>",), "\x01"),
        ({"a": ["\ud800"]}, ("a", 0), "\ud800"),  # a lone surrogate has no UTF-8 form
        ("x\x1f", (), "\x1f"),
    ],
)
def test_forbidden_characters_are_found_where_they_are(value, where, char):
    assert first_forbidden(value) == (where, char)


@pytest.mark.parametrize(
    "value",
    [
        {"a": "tab\tnewline\ncr\r"},
        {"a": "x\\u0000"},
        {"a": "\\b\\f"},
        {"a": "é中 \x7f"},
        {"a": 1.5, "b": None},
        "plain",
    ],
)
def test_text_and_escaped_backslashes_are_fine(value):
    assert first_forbidden(value) is None


def test_scrub_replaces_what_it_quotes():
    assert scrub("a\x00b\ud800") == "a\ufffdb\ufffd"
