"""The processes a test started, seen through /proc: a process's descendants, whether one still runs,
and the CPU time it has used (to tell when a query worker is busy)."""

import time
from pathlib import Path


def descendants(pid: int) -> set[int]:
    """Every process below `pid`, however deep."""
    found: set[int] = set()
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            tasks = list(Path(f"/proc/{current}/task").iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                below = {int(c) for c in (task / "children").read_text().split()}
            except OSError:
                continue
            stack += sorted(below - found)
            found |= below
    return found


def alive(pid: int) -> bool:
    """Whether `pid` still runs (a zombie waiting to be reaped has ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def wait_until_busy(pids: set[int], seconds: float = 60) -> None:
    """Return once one of `pids` has used a fifth of a second more CPU (a worker evaluating a query)."""
    before = {pid: cpu_ticks(pid) for pid in pids if alive(pid)}
    deadline = time.monotonic() + seconds
    while not any(alive(p) and cpu_ticks(p) > before[p] + 20 for p in before):
        assert time.monotonic() < deadline, "no worker took the query"
        time.sleep(0.2)
