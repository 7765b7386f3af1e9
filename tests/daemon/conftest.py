"""The daemon as users run it: `tollwatch run` in a subprocess, against the local source server and real endpoints."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.configs import write_config
from tests.conftest import REPO

__all__ = ["DaemonProcess", "wait_for", "write_config"]


def wait_for(check: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = check()
        if got:
            return got
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class DaemonProcess:
    """`python -m crawler ... run ARGS` with its stderr in a file (a pipe nobody reads would fill and block it)."""

    def __init__(self, tmp: Path, config: Path, db_url: str, *args: str) -> None:
        self.log = tmp / f"daemon-{time.monotonic_ns()}.log"
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        with open(self.log, "wb") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "crawler", "-v", "-c", str(config), "--database", db_url, "run", *args],
                cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=err,
            )  # fmt: skip

    @property
    def stderr(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_running(self, timeout: float = 20) -> None:
        wait_for(lambda: "tollwatch running" in self.stderr or self.proc.poll() is not None, timeout, "the daemon to start")
        assert self.proc.poll() is None, self.stderr

    def send(self, sig: int) -> None:
        self.proc.send_signal(sig)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
            raise AssertionError(f"the daemon did not stop within {timeout}s:\n{self.stderr}") from None


@pytest.fixture
def daemons(tmp_path: Path) -> Iterator[Callable[..., DaemonProcess]]:
    started: list[DaemonProcess] = []

    def start(config: Path, db_url: str, *args: str) -> DaemonProcess:
        d = DaemonProcess(tmp_path, config, db_url, *args)
        started.append(d)
        return d

    yield start
    for d in started:  # a failed test must not leave a daemon behind
        if d.proc.poll() is None:
            d.proc.kill()
            d.proc.wait(5)
