"""`drafter channels` refuses bad settings with a machine-readable code (exit status 2), never a traceback,
and never echoes a secret back."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from drafter.cli import app
from tests.channels.conftest import REVIEW_STORE

pytestmark = pytest.mark.parametrize("mail_settings", ["sqlite"], indirect=True)
runner = CliRunner()
EMAIL = [
    "--kind",
    "email",
    "--platform",
    "amazon",
    "-o",
    "imap_host=127.0.0.1",
    "-o",
    "imap_username=u",
    "-o",
    "smtp_host=127.0.0.1",
    "-o",
    "from_address=s@seller.test",
]


def _error(*args: str) -> dict:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2, result.output
    return json.loads(result.stderr.strip().splitlines()[-1])


def test_bad_channel_settings_get_a_code(mail_settings):
    assert (
        _error("channels", "add", REVIEW_STORE, "x", "--kind", "pigeon", "--platform", "amazon")["code"]
        == "invalid_channel_settings"
    )
    assert "imap_password" in _error("channels", "add", REVIEW_STORE, "x", *EMAIL)["message"]
    typo = _error(
        "channels", "add", REVIEW_STORE, "x", *EMAIL, "-o", "imap_prot=993", "-s", "imap_password=pw-123"
    )
    assert typo["code"] == "invalid_channel_settings" and "imap_prot" in typo["message"]
    assert "pw-123" not in json.dumps(typo)
    bad_port = _error(
        "channels", "add", REVIEW_STORE, "x", *EMAIL, "-o", "imap_port=many", "-s", "imap_password=p"
    )
    assert "imap_port" in bad_port["message"]
    platform = _error(
        "channels",
        "add",
        REVIEW_STORE,
        "x",
        *EMAIL[:2],
        "--platform",
        "mars",
        *EMAIL[4:],
        "-s",
        "imap_password=p",
    )
    assert platform["code"] == "invalid_channel_settings"
    assert (
        _error("channels", "add", REVIEW_STORE, "x", *EMAIL, "-s", "imap_password=env:NOT_SET_ANYWHERE")[
            "code"
        ]
        == "invalid_request"
    )


def test_a_second_channel_of_the_same_name_and_an_unknown_one(mail_settings):
    ok = runner.invoke(app, ["channels", "add", REVIEW_STORE, "mail", *EMAIL, "-s", "imap_password=p"])
    assert ok.exit_code == 0, ok.output
    assert (
        _error("channels", "add", REVIEW_STORE, "mail", *EMAIL, "-s", "imap_password=p")["code"]
        == "channel_exists"
    )
    assert _error("channels", "test", REVIEW_STORE, "nope")["code"] == "channel_not_found"
    assert _error("channels", "poll", REVIEW_STORE, "nope")["code"] == "channel_not_found"
