"""Folders written all or nothing: the work goes into a fresh sibling folder, which takes the target's
place only once complete, in one atomic step, so a reader (or a process killed at any moment) sees the
old folder or the new one, never a mix and never none.

`replaced_folder` swaps the finished folder in for the old one whole (folders govlex owns: the build, the
on-disk stores). `merged_folder` does the same for a folder that may also hold files of the user's (the
views, the static site): before the swap, every file of the old folder that the new content does not
replace is linked into the new one, so nothing the user put there is lost. It also writes `MANIFEST`,
which names the generation and lists the files it wrote.

The swap is `renameat2(RENAME_EXCHANGE)` on Linux. Where the system lacks it, the old folder is renamed
aside and the new one renamed in; a process killed between the two renames leaves the old folder under
its aside name, and the next writer of that target puts it back. One writer at a time per target (a
`flock` on `.<name>.lock` beside it); a writer first removes what killed writers left behind.
"""

import ctypes
import errno
import fcntl
import json
import os
import shutil
import stat
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from govlex.faults import checkpoint

MANIFEST = ".govlex-generation.json"
_NEW, _OLD = "new", "old"
_RENAME_EXCHANGE = 2  # linux/fs.h


def _renameat2() -> Callable[..., int] | None:
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # not glibc ≥ 2.28, or not Linux
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    renameat2: Callable[..., int] = function
    return renameat2


_RENAMEAT2 = _renameat2()
_AT_FDCWD = -100


def exchange(first: Path, second: Path) -> bool:
    """Swap the two paths atomically; False where this system or file system cannot (nothing moved)."""
    if _RENAMEAT2 is None:
        return False
    if _RENAMEAT2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP}:
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def _leftovers(target: Path, kind: str) -> list[Path]:
    return sorted(target.parent.glob(f".{target.name}-{kind}-*"))


@contextmanager
def _writer_lock(target: Path, wait: bool = True) -> Iterator[bool]:
    """Hold `target`'s lock, then clean what killed writers left: their staging folders, the old folders
    they did not remove, and an old folder renamed aside whose replacement never arrived. Without
    `wait`, yields False at once (cleaning nothing) when another writer holds the lock."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target.parent / f".{target.name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)  # dropped if it dies
        except BlockingIOError:
            yield False
            return
        aside = _leftovers(target, _OLD)
        if aside and not target.exists():
            os.rename(aside.pop(), target)
        for leftover in [*aside, *_leftovers(target, _NEW)]:
            shutil.rmtree(leftover, ignore_errors=True)
        yield True
    finally:
        os.close(fd)


def clean_leftovers(folder: Path) -> None:
    """Clean what killed writers left in `folder`, for every target there that nobody is writing now."""
    for lock in folder.glob(".*.lock"):
        with _writer_lock(folder / lock.name[1 : -len(".lock")], wait=False):
            pass


@contextmanager
def _sibling(target: Path) -> Iterator[Path]:
    """A fresh staging folder beside `target`, with `target`'s permissions, removed whatever happens."""
    with _writer_lock(target):
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-{_NEW}-", dir=target.parent))
        try:
            mode = stat.S_IMODE(target.stat().st_mode) if target.is_dir() else 0o777 & ~_umask()
            staging.chmod(mode)  # mkdtemp makes it 0700; a published site must stay readable
            yield staging
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _swap_in(staging: Path, target: Path) -> None:
    """Put `staging` at `target` in one step; the old content ends up at `staging` (or nowhere)."""
    checkpoint("staging.written")
    if target.exists():
        if not exchange(staging, target):
            aside = Path(tempfile.mkdtemp(prefix=f".{target.name}-{_OLD}-", dir=target.parent))
            os.replace(target, aside)  # `aside` is an empty folder, so this replaces it
            checkpoint("staging.retired")
            os.replace(staging, target)
            os.replace(aside, staging)  # removed with the staging folder
    else:
        os.replace(staging, target)
    checkpoint("staging.swapped")


@contextmanager
def replaced_folder(target: Path) -> Iterator[Path]:
    """A folder to write `target`'s new content into; when the block ends normally it becomes `target`."""
    with _sibling(target) as staging:
        yield staging
        _swap_in(staging, target)


@contextmanager
def merged_folder(target: Path, written_by: str = "govlex", manifest: bool = True) -> Iterator[Path]:
    """A folder to write files into; when the block ends normally it becomes `target`, holding those files
    and every older file of `target` they do not replace, with a `MANIFEST` listing the new files (unless
    `manifest` is false: a folder under version control, such as data/, gets no generation file)."""
    with _sibling(target) as staging:
        yield staging
        written = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if not p.is_dir())
        if target.is_dir():
            _link_missing(target, staging)
            checkpoint("staging.carried")
        if manifest:
            generation = {
                "generation": f"{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}-{uuid.uuid4().hex[:8]}",
                "written_by": written_by,
                "files": [name for name in written if name != MANIFEST],
            }
            (staging / MANIFEST).write_text(json.dumps(generation, indent=1), encoding="utf-8")
        _swap_in(staging, target)


def _link_missing(source: Path, destination: Path) -> None:
    """Hard-link (or copy, across devices) each file of `source` that `destination` lacks."""
    for path in sorted(source.rglob("*")):
        copy = destination / path.relative_to(source)
        if path.is_dir() and not path.is_symlink():
            if not copy.exists():
                copy.mkdir()
            continue
        # Parents come before their files, so a missing parent folder means the new content has a file
        # of that name: the new content wins.
        if copy.exists() or copy.is_symlink() or path.name == MANIFEST or not copy.parent.is_dir():
            continue
        if path.is_symlink():
            copy.symlink_to(os.readlink(path))
            continue
        try:
            os.link(path, copy)
        except OSError:
            shutil.copy2(path, copy)
