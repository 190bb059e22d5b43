"""Cutting a query worker off the network: it enters a network namespace of its own, with no interface
but a loopback that is down, before it opens the store or reads a query.

So no query can make the server connect anywhere (SERVICE, or anything a future parser might fetch),
whatever the guard missed. As root `unshare(CLONE_NEWNET)` does it; as an ordinary user a user
namespace comes with it (`CLONE_NEWUSER`, mapping the user to itself so files keep their owner). Where
neither works, `govlex serve` refuses to start unless told to accept the risk
(`--allow-worker-network`, `GOVLEX_ALLOW_WORKER_NETWORK=1`).
"""

import ctypes
import errno
import os
import socket
import subprocess
import sys

from govlex.errors import GovlexError

_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000


class NetworkNotIsolated(GovlexError):
    """The query workers could not be cut off from the network, and no setting accepts that."""


def isolate_network() -> str:
    """Move this process into a new, empty network namespace; "" when done, else why it was not.

    Call it while the process has one thread (a user namespace requires that).
    """
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(_CLONE_NEWNET) != 0:
        first = os.strerror(ctypes.get_errno())
        uid, gid = os.getuid(), os.getgid()
        if libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) != 0:
            second = os.strerror(ctypes.get_errno())
            return f"unshare(CLONE_NEWNET) failed ({first}), and with a user namespace ({second})"
        for name, text in (
            ("setgroups", "deny"),
            ("uid_map", f"{uid} {uid} 1"),
            ("gid_map", f"{gid} {gid} 1"),
        ):
            try:
                with open(f"/proc/self/{name}", "w") as out:
                    out.write(text)
            except OSError:
                pass  # unmapped ids only change how owners look from inside, not what may be read
    return "" if network_unreachable() else "a new network namespace still reaches the network"


def network_unreachable() -> bool:
    """True when not even the loopback interface takes a TCP connection."""
    for family, address in ((socket.AF_INET, ("127.0.0.1", 9)), (socket.AF_INET, ("192.0.2.1", 9))):
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.settimeout(1)
            try:
                sock.connect(address)
            except OSError as err:
                if err.errno not in {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL}:
                    return False
            else:
                return False
    return True


_PROBE = (
    "from govlex.api.sparql.sandbox import isolate_network\nprint(isolate_network() or 'isolated', end='')"
)


def require_isolation(allow_network: bool) -> str:
    """Check in a throw-away process that a worker can isolate itself; one line saying what holds.

    Raises `NetworkNotIsolated` when it cannot and `allow_network` is false.
    """
    # -P: a `govlex/` folder in the working directory must not shadow the installed package.
    probe = subprocess.run(
        [sys.executable, "-P", "-c", _PROBE], capture_output=True, text=True, timeout=60, check=False
    )
    outcome = probe.stdout.strip()
    if not outcome:
        lines = probe.stderr.strip().splitlines()
        outcome = lines[-1] if lines else f"the probe exited with {probe.returncode}"
    if outcome == "isolated":
        return "query workers run without network access (network namespace)"
    if not allow_network:
        raise NetworkNotIsolated(
            f"query workers cannot be cut off from the network ({outcome}); refusing to serve — "
            "pass --allow-worker-network (GOVLEX_ALLOW_WORKER_NETWORK=1) to accept that SERVICE "
            "refusal then rests on the query guard alone"
        )
    return f"WARNING: query workers keep network access ({outcome}); accepted by --allow-worker-network"
