"""The e-mail channel over TLS, as real mail providers run it: IMAP STARTTLS and implicit TLS (dovecot with a
certificate), SMTP STARTTLS with AUTH and implicit TLS (aiosmtpd), the certificate checked against a CA file."""

from __future__ import annotations

import shutil
import ssl
import tempfile
from pathlib import Path

import pytest

from tests.channels.conftest import MAILBOX_PASSWORD, REVIEW_STORE, SELLER_ADDRESS, cli
from tests.channels.mails import amazon_relay_mail
from tests.channels.mailservers import dovecot_binary, make_certificate, start_dovecot, start_smtp

pytestmark = pytest.mark.parametrize(
    "mail_settings", ["sqlite"], indirect=True
)  # TLS is the subject, not the database


@pytest.fixture(scope="module")
def tls_servers():
    if dovecot_binary() is None or shutil.which("openssl") is None:
        pytest.skip(
            "dovecot or openssl is not installed (scripts/test-deps.sh installs dovecot-imapd as root)"
        )
    certs = Path(tempfile.mkdtemp(prefix="drafter-certs-"))
    certs.chmod(0o755)
    cert, key = make_certificate(certs)
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    dovecot = start_dovecot({"tls-seller": MAILBOX_PASSWORD}, tls=(cert, key))
    starttls = start_smtp(auth={SELLER_ADDRESS: "smtp-pw-51be"}, starttls=server_ctx)
    implicit = start_smtp(implicit_tls=server_ctx)
    yield dovecot, starttls, implicit, cert
    implicit.stop()
    starttls.stop()
    dovecot.stop()
    shutil.rmtree(certs, ignore_errors=True)


def _add(
    name: str,
    imap_port: int,
    imap_security: str,
    smtp_port: int,
    smtp_security: str,
    cert: Path,
    smtp_user: str,
) -> None:
    cli(
        "channels",
        "add",
        REVIEW_STORE,
        name,
        "--kind",
        "email",
        "--platform",
        "amazon",
        "-o",
        "imap_host=127.0.0.1",
        "-o",
        f"imap_port={imap_port}",
        "-o",
        f"imap_security={imap_security}",
        "-o",
        "imap_username=tls-seller",
        "-o",
        "smtp_host=127.0.0.1",
        "-o",
        f"smtp_port={smtp_port}",
        "-o",
        f"smtp_security={smtp_security}",
        "-o",
        f"smtp_username={smtp_user}",
        "-o",
        f"from_address={SELLER_ADDRESS}",
        "-o",
        f"tls_ca_file={cert}",
        "-s",
        f"imap_password={MAILBOX_PASSWORD}",
        "-s",
        "smtp_password=smtp-pw-51be",
    )


def test_starttls_both_ways_with_auth(mail_settings, tls_servers, amazon_orders):
    dovecot, starttls, _, cert = tls_servers
    _add("tls-start", dovecot.port, "starttls", starttls.port, "starttls", cert, SELLER_ADDRESS)
    (checked,) = cli("channels", "test", REVIEW_STORE, "tls-start")
    assert (checked["imap"], checked["smtp"]) == ("ok", "ok")
    dovecot.deliver(
        "tls-seller",
        amazon_relay_mail(
            alias="tlsbuyer0000001@marketplace.amazon.com",
            to=SELLER_ADDRESS,
            order_id=amazon_orders[0].order_id,
            words="Hello, where is my parcel?",
        ),
    )
    assert cli("channels", "poll", REVIEW_STORE, "tls-start")[0]["drafted"] == 1
    from tests.channels.conftest import approve_through_api

    approve_through_api(mail_settings, REVIEW_STORE)
    assert cli("channels", "send")[0]["delivered"] == 1
    assert starttls.wait_for(1) and starttls.received[0][1] == ["tlsbuyer0000001@marketplace.amazon.com"]


def test_implicit_tls_both_ways(mail_settings, tls_servers):
    dovecot, _, implicit, cert = tls_servers
    _add("tls-implicit", dovecot.imaps_port, "ssl", implicit.port, "ssl", cert, "")
    (checked,) = cli("channels", "test", REVIEW_STORE, "tls-implicit")
    assert (checked["imap"], checked["smtp"]) == ("ok", "ok")


def test_a_certificate_that_is_not_trusted_is_refused(mail_settings, tls_servers, tmp_path):
    dovecot, starttls, _, _ = tls_servers
    other_ca, _ = make_certificate(tmp_path)  # a CA that did not sign the servers' certificate
    _add("tls-untrusted", dovecot.imaps_port, "ssl", starttls.port, "starttls", other_ca, SELLER_ADDRESS)
    from typer.testing import CliRunner

    from drafter.cli import app

    result = CliRunner().invoke(app, ["channels", "test", REVIEW_STORE, "tls-untrusted"])
    assert result.exit_code == 2 and "CERTIFICATE_VERIFY_FAILED" in result.output
