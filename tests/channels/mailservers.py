"""Real mail servers for the channel tests, on 127.0.0.1 only, started and stopped by the tests.

Dovecot (Debian's dovecot-imapd, installed by scripts/test-deps.sh) runs from a generated config in a
temporary directory: its own base_dir, a passwd-file of test users, maildirs, a free port, no TLS. It
runs as the invoking user when that is not root; as root it drops to Debian's dovecot/dovenull users
(Dovecot refuses to hand mail to uid 0). aiosmtpd (PyPI) is the SMTP server that receives the replies.
"""

from __future__ import annotations

import imaplib
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from drafter.devtools.localserver import free_port

DOVECOT_CANDIDATES = ("dovecot", "/usr/sbin/dovecot")


def dovecot_binary() -> str | None:
    for candidate in DOVECOT_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def _wait_port(port: int, timeout_s: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


@dataclass
class Dovecot:
    port: int
    base: Path
    users: dict[str, str]
    process: subprocess.Popen | None = None
    imaps_port: int | None = None

    def imap(self, user: str) -> imaplib.IMAP4:
        conn = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        conn.login(user, self.users[user])
        return conn

    def deliver(self, user: str, raw: bytes, mailbox: str = "INBOX") -> None:
        """Put a mail in a mailbox the way a client would: IMAP APPEND."""
        conn = self.imap(user)
        try:
            typ, data = conn.append(mailbox, None, None, raw)
            assert typ == "OK", data
        finally:
            conn.logout()

    def add_user(self, user: str, password: str) -> None:
        """A new mailbox (dovecot's passwd-file driver re-reads the file when it changes)."""
        self.users[user] = password
        with (self.base / "passwd").open("a") as fh:
            fh.write(f"{user}:{{PLAIN}}{password}::::::\n")
        # dovecot looks at the file again at most once a second: wait until the new user can log in, or a
        # test that adds a user right after another login fails to authenticate.
        deadline = time.monotonic() + 5
        while True:
            try:
                self.imap(user).logout()
                return
            except imaplib.IMAP4.error:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def log(self) -> str:
        path = self.base / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.base, ignore_errors=True)


def make_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (the tests trust it as their CA), made with openssl."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def _tls_config(tls: tuple[Path, Path] | None, imaps_port: int) -> tuple[str, str]:
    if tls is None:
        return "ssl = no\ndisable_plaintext_auth = no\n", "port = 0"
    cert, key = tls
    # STARTTLS on the imap listener, implicit TLS on imaps; no password ever crosses in clear.
    return (
        f"ssl = required\nssl_cert = <{cert}\nssl_key = <{key}\ndisable_plaintext_auth = yes\n",
        f"address = 127.0.0.1\n    port = {imaps_port}\n    ssl = yes",
    )


def start_dovecot(users: dict[str, str], *, tls: tuple[Path, Path] | None = None) -> Dovecot:
    binary = dovecot_binary()
    if binary is None:
        raise FileNotFoundError("dovecot")
    base = Path(tempfile.mkdtemp(prefix="drafter-dovecot-"))
    base.chmod(0o755)
    port, imaps_port = free_port(), free_port()
    ssl_settings, imaps_listener = _tls_config(tls, imaps_port)
    if os.geteuid() == 0:
        mail_user, login_user, internal_user = "dovecot", "dovenull", "dovecot"
    else:
        mail_user = login_user = internal_user = pwd.getpwuid(os.geteuid()).pw_name
    owner = pwd.getpwnam(mail_user)
    mail = base / "mail"
    mail.mkdir()
    os.chown(mail, owner.pw_uid, owner.pw_gid)
    (base / "passwd").write_text("".join(f"{u}:{{PLAIN}}{p}::::::\n" for u, p in users.items()))
    (base / "passwd").chmod(0o644)
    (base / "dovecot.conf").write_text(f"""
base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
info_log_path = {base}/dovecot.log
protocols = imap
listen = 127.0.0.1
{ssl_settings}auth_mechanisms = plain login
default_login_user = {login_user}
default_internal_user = {internal_user}
first_valid_uid = {owner.pw_uid}
last_valid_uid = {owner.pw_uid}
mail_location = maildir:{mail}/%u
passdb {{
  driver = passwd-file
  args = {base}/passwd
}}
userdb {{
  driver = static
  args = uid={owner.pw_uid} gid={owner.pw_gid} home={mail}/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    {imaps_listener}
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
service pop3-login {{
  chroot =
}}
""")
    process = subprocess.Popen(
        [binary, "-F", "-c", str(base / "dovecot.conf")], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    server = Dovecot(
        port=port, base=base, users=users, process=process, imaps_port=imaps_port if tls else None
    )
    if not _wait_port(port):
        err = (
            process.stderr.read().decode(errors="replace")
            if process.poll() is not None and process.stderr
            else ""
        )
        server.stop()
        raise RuntimeError(f"dovecot did not start on 127.0.0.1:{port}: {err}{server.log()}")
    return server


@dataclass
class SmtpSink:
    """aiosmtpd on 127.0.0.1: every mail it accepts, with its envelope."""

    port: int
    received: list[tuple[str, list[str], EmailMessage]] = field(default_factory=list)
    controller: object | None = None
    auth: dict[str, str] | None = None

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()  # type: ignore[attr-defined]

    def wait_for(self, count: int, timeout_s: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if len(self.received) >= count:
                return True
            time.sleep(0.05)
        return len(self.received) >= count


def start_smtp(
    *,
    auth: dict[str, str] | None = None,
    port: int | None = None,
    starttls: ssl.SSLContext | None = None,
    implicit_tls: ssl.SSLContext | None = None,
) -> SmtpSink:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    sink = SmtpSink(port=port or free_port(), auth=auth)

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
            raw = envelope.original_content or envelope.content  # SMTP's CRLF line ends, as on the wire
            msg = message_from_bytes(raw.replace(b"\r\n", b"\n"), policy=policy.default)
            sink.received.append((envelope.mail_from, list(envelope.rcpt_tos), msg))
            return "250 Message accepted for delivery"

    def authenticator(server, session, envelope, mechanism, auth_data):  # noqa: ANN001, ANN202
        ok = bool(auth) and auth.get(auth_data.login.decode()) == auth_data.password.decode()
        return AuthResult(success=ok)

    kwargs: dict = {}
    if auth:
        kwargs = {
            "authenticator": authenticator,
            "auth_required": True,
            "auth_require_tls": starttls is not None,
        }
    if starttls is not None:
        kwargs.update(tls_context=starttls, require_starttls=True)
    if implicit_tls is not None:
        kwargs.update(ssl_context=implicit_tls)
    controller = Controller(Handler(), hostname="127.0.0.1", port=sink.port, **kwargs)
    controller.start()
    sink.controller = controller
    return sink
