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
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from drafter.localserver import free_port

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


def start_dovecot(users: dict[str, str]) -> Dovecot:
    binary = dovecot_binary()
    if binary is None:
        raise FileNotFoundError("dovecot")
    base = Path(tempfile.mkdtemp(prefix="drafter-dovecot-"))
    base.chmod(0o755)
    port = free_port()
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
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
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
    port = 0
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
    process = subprocess.Popen([binary, "-F", "-c", str(base / "dovecot.conf")], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    server = Dovecot(port=port, base=base, users=users, process=process)
    if not _wait_port(port):
        err = process.stderr.read().decode(errors="replace") if process.poll() is not None and process.stderr else ""
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


def start_smtp(*, auth: dict[str, str] | None = None, port: int | None = None) -> SmtpSink:
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

    kwargs = {}
    if auth:
        kwargs = {"authenticator": authenticator, "auth_required": True, "auth_require_tls": False}
    controller = Controller(Handler(), hostname="127.0.0.1", port=sink.port, **kwargs)
    controller.start()
    sink.controller = controller
    return sink
