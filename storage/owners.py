"""Who holds a lease or a claim: "host:pid" of a process, and whether such a process on this host is gone."""

from __future__ import annotations

import os
import socket


def process_owner() -> str:
    """This process as a lease owner: "host:pid"."""
    return f"{socket.gethostname()}:{os.getpid()}"


def is_dead_local_owner(owner: str) -> bool:
    """True when `owner` names another process of this host that no longer runs (e.g. a SIGKILLed daemon)."""
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
