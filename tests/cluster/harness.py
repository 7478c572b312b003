"""Start and stop the processes of a small Drafter cluster on 127.0.0.1 (for the cluster test)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.backends import free_port, start_chroma_server, stop_process


@dataclass
class Cluster:
    root: Path
    env: dict[str, str]
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)
    api_urls: list[str] = field(default_factory=list)

    def _spawn(self, name: str, args: list[str], **extra_env: str) -> subprocess.Popen:
        data_dir = self.root / name  # one data dir per process, as on separate machines
        env = {**self.env, "DRAFTER_DATA_DIR": str(data_dir), **extra_env}
        log = (self.root / f"{name}.log").open("ab")
        proc = subprocess.Popen(
            [sys.executable, "-m", "drafter", *args], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        self.procs[name] = proc
        return proc

    def log(self, name: str) -> str:
        path = self.root / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def start_chroma(self) -> None:
        proc, url = start_chroma_server(self.root / "chroma-db")
        self.procs["chroma"] = proc
        self.env["DRAFTER_CHROMA_URL"] = url

    def start_api(self, name: str) -> str:
        port = free_port()
        self._spawn(name, ["serve", "--port", str(port)])
        url = f"http://127.0.0.1:{port}"
        self.api_urls.append(url)
        return url

    def start_worker(self, name: str) -> None:
        self._spawn(name, ["worker", "--hostname", f"{name}@%h", "--loglevel", "warning"])

    def start_outbox(self, name: str) -> None:
        self._spawn(name, ["outbox", "run"])

    def wait_ready(self, names: list[str], timeout_s: float = 180) -> None:
        deadline = time.monotonic() + timeout_s
        pending = set(names)
        while pending and time.monotonic() < deadline:
            for name in list(pending):
                proc = self.procs[name]
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} exited with {proc.returncode}:\n{self.log(name)[-3000:]}")
                if name.startswith("api"):
                    url = self.api_urls[int(name[3:]) - 1]
                    try:
                        if httpx.get(f"{url}/ready", timeout=2).status_code == 200:
                            pending.discard(name)
                    except httpx.TransportError:
                        pass
                elif name.startswith("worker") and "drafter worker ready" in self.log(name):
                    pending.discard(name)
            time.sleep(0.2)
        if pending:
            raise RuntimeError(f"not ready after {timeout_s}s: {sorted(pending)}")

    def kill(self, name: str) -> None:
        """SIGKILL: no warm shutdown, no acknowledgement, whatever it held is in flight."""
        proc = self.procs[name]
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)

    def stop_all(self) -> None:
        for _name, proc in reversed(list(self.procs.items())):
            stop_process(proc, timeout_s=20)
