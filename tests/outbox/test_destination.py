"""Webhook destination rules: https only, public addresses only, secrets of at least 32 bytes, unless a
store opts a host in for development. IP literals and `localhost` only: these tests need no DNS."""

from __future__ import annotations

import pytest

from drafter.models import StoreProfile
from drafter.outbox.destination import MIN_SECRET_BYTES, WebhookRefused, resolve
from drafter.outbox.passes import run_once
from tests.outbox.conftest import SECRET, insert_draft, write_knowledge
from tests.outbox.test_worker import approve, state

PUBLIC = "93.184.216.34"


def store(url: str, secret: str | None = SECRET, **extra) -> StoreProfile:
    return StoreProfile(store_id="s", webhook_url=url, webhook_secret=secret, **extra)


def test_a_public_https_webhook_is_called_at_its_checked_address():
    dest = resolve(store(f"https://{PUBLIC}:8443/hooks/drafter?x=1"))
    assert (dest.scheme, dest.host, dest.address, dest.port) == ("https", PUBLIC, PUBLIC, 8443)
    assert dest.pinned_url() == f"https://{PUBLIC}:8443/hooks/drafter?x=1"
    assert dest.host_header() == f"{PUBLIC}:8443"
    assert resolve(store(f"https://{PUBLIC}/h")).host_header() == PUBLIC


@pytest.mark.parametrize(
    "url, reason",
    [
        (f"http://{PUBLIC}/h", "must use https"),
        ("ftp://example.org/h", "https:// URL"),
        ("https:///nohost", "https:// URL"),
        (f"https://user:pw@{PUBLIC}/h", "user name or password"),
        ("https://127.0.0.1/h", "loopback"),
        ("https://localhost:8443/h", "loopback"),
        ("https://169.254.169.254/latest/meta-data", "link-local"),
        ("https://10.1.2.3/h", "private"),
        ("https://172.16.0.9/h", "private"),
        ("https://192.168.1.20/h", "private"),
        ("https://100.64.0.1/h", "non-public"),
        ("https://0.0.0.0/h", "unspecified"),
        ("https://[::1]/h", "loopback"),
        ("https://[::ffff:127.0.0.1]/h", "loopback"),
        ("https://[fe80::1]/h", "link-local"),
        ("https://[fd00::5]/h", "private"),
    ],
)
def test_urls_the_rules_refuse(url, reason):
    with pytest.raises(WebhookRefused, match=reason):
        resolve(store(url))


def test_a_store_opts_development_hosts_in():
    dev = {"webhook_allow_http_hosts": ["localhost"], "webhook_allow_private_hosts": ["LOCALHOST"]}
    dest = resolve(store("http://localhost:9000/h", **dev))
    assert (
        dest.scheme == "http"
        and dest.address in ("127.0.0.1", "::1")
        and dest.host_header() == "localhost:9000"
    )
    # Each opt-in covers only what it says: http alone does not allow loopback, nor the other way round.
    with pytest.raises(WebhookRefused, match="loopback"):
        resolve(store("http://localhost:9000/h", webhook_allow_http_hosts=["localhost"]))
    with pytest.raises(WebhookRefused, match="must use https"):
        resolve(store("http://localhost:9000/h", webhook_allow_private_hosts=["localhost"]))
    with pytest.raises(WebhookRefused, match="link-local"):  # allowing one host does not allow another
        resolve(store("https://169.254.169.254/h", **dev))


@pytest.mark.parametrize("secret", [None, "", "x", "a" * (MIN_SECRET_BYTES - 1)])
def test_secrets_shorter_than_32_bytes_are_refused(secret):
    with pytest.raises(WebhookRefused, match="webhook_secret"):
        resolve(store(f"https://{PUBLIC}/h", secret=secret))


def test_a_32_byte_secret_is_enough():
    assert resolve(store(f"https://{PUBLIC}/h", secret="k" * MIN_SECRET_BYTES)).address == PUBLIC


@pytest.mark.parametrize(
    "hook, why",
    [
        ({"webhook_url": "https://169.254.169.254/latest/meta-data", "webhook_secret": SECRET}, "link-local"),
        ({"webhook_url": "RECEIVER", "webhook_secret": SECRET}, "must use https"),  # http without the opt-in
        (
            {
                "webhook_url": "RECEIVER",
                "webhook_secret": "short",
                "webhook_allow_http_hosts": ["127.0.0.1"],
                "webhook_allow_private_hosts": ["127.0.0.1"],
            },
            "32 bytes",
        ),
    ],
)
def test_the_outbox_holds_replies_for_a_refused_webhook_and_calls_nothing(
    outbox_settings, pipeline, receiver, tmp_path, hook, why
):
    hook = {k: receiver.url if v == "RECEIVER" else v for k, v in hook.items()}
    outbox_settings.knowledge_dir = write_knowledge(tmp_path / "k2", {"hook-store": hook})
    draft_id = insert_draft(outbox_settings)
    approve(outbox_settings, pipeline, draft_id)
    assert run_once(outbox_settings)["held"] == 1
    row, draft, _ = state(outbox_settings, draft_id)
    assert receiver.calls == []
    assert (
        row.status == "pending" and row.attempts == 0 and why in row.last_error and draft.status == "approved"
    )


def test_https_goes_to_the_checked_address_with_the_configured_host_name(outbox_settings, pipeline, tmp_path):
    """A real TLS receiver with a certificate for `localhost`: the call goes to the address the rules
    checked, and the certificate is still verified against the host name the store configured."""
    import shutil
    import ssl
    import subprocess

    import httpx

    from tests.outbox.receiver import Receiver

    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost",
        ],
        check=True,
        capture_output=True,
    )
    tls = Receiver(secret=SECRET, tls=(str(cert), str(key)))
    try:
        outbox_settings.knowledge_dir = write_knowledge(
            tmp_path / "k2",
            {
                "hook-store": {
                    "webhook_url": tls.url,
                    "webhook_secret": SECRET,
                    "webhook_allow_private_hosts": ["localhost"],
                }
            },
        )
        draft_id = insert_draft(outbox_settings)
        approve(outbox_settings, pipeline, draft_id)
        trusting = httpx.Client(verify=ssl.create_default_context(cafile=str(cert)), timeout=10)
        with trusting:
            assert run_once(outbox_settings, client=trusting)["delivered"] == 1
        assert tls.calls[0]["signed"] and tls.calls[0]["host"] == f"localhost:{tls.server.server_address[1]}"
        assert list(tls.accepted) == [f"draft-{draft_id}"]
    finally:
        tls.close()
