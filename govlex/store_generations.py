"""The on-disk stores `govlex serve` reads: one immutable folder per build (and set of loaded
vocabularies), leased while in use, so that a new build never pulls a store from under a server.

`govlex build` replaces the build folder whole, so a server never reads its queries from there: it
loads the build once into `stores/<digest of the key>/` beside it (`govlex.paths.stores_dir`), and
its query workers open that folder. A store folder never changes once written; the server holds a
shared `flock` on its key file (a `Lease`) for as long as it or its workers may read it, and
`remove_unused` deletes only folders nobody holds.
"""

import fcntl
import hashlib
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from govlex.build import NQUADS, read_manifest
from govlex.errors import GovlexError
from govlex.staging import clean_leftovers
from govlex.store import STORE_KEY, disk_store


@dataclass(eq=False)
class Lease:
    """A shared hold on one store folder: while any lease on it is open, no clean-up removes it.

    `holders` counts the parts of the server that still read the store; the lease ends with the last.
    """

    path: Path
    key: str
    manifest: dict[str, object]
    fd: int
    holders: int = 1
    closed: bool = False
    on_close: Callable[[], None] | None = field(default=None, repr=False)
    """Called once the lease has ended (from whichever thread released it last)."""

    def hold(self) -> None:
        self.holders += 1

    def release(self) -> None:
        self.holders -= 1
        if self.holders <= 0 and not self.closed:
            self.closed = True
            os.close(self.fd)
            if self.on_close is not None:
                self.on_close()


class BuildChanged(GovlexError):
    """The build folder was replaced while its store was being made; try again."""


def store_key(manifest: dict[str, object], vocabularies: str) -> str:
    """What an on-disk store holds: one build (by its input hash) and the loaded vocabularies."""
    return f"{manifest.get('input_hash', '')};{vocabularies}"


def lease_store(build: Path, vocabularies: str, extra: Iterable[Path], stores: Path) -> Lease:
    """The store of the build now in `build` plus the vocabulary files `extra` (fingerprint
    `vocabularies`), made in `stores` unless already there, with a lease held on it.

    The build's data is opened before its manifest is read and checked to be the same file after,
    so the store's key always names the build its content comes from (`BuildChanged` otherwise).
    """
    extra = list(extra)
    while True:
        with (build / NQUADS).open("rb") as data:
            manifest = read_manifest(build)
            if manifest is None or os.stat(build / NQUADS).st_ino != os.fstat(data.fileno()).st_ino:
                raise BuildChanged(f"{build} changed while its store was being made")
            key = store_key(manifest, vocabularies)
            folder = stores / hashlib.sha256(key.encode()).hexdigest()[:16]
            disk_store(build / NQUADS, folder, key, extra, opened=data)
        lease = _lease(folder, key, manifest)
        if lease is not None:
            return lease
        # `remove_unused` deleted the folder between its making and the lease: make it again.


def _lease(folder: Path, key: str, manifest: dict[str, object]) -> Lease | None:
    try:
        fd = os.open(folder / STORE_KEY, os.O_RDONLY)
    except FileNotFoundError:
        return None
    fcntl.flock(fd, fcntl.LOCK_SH)  # waits while a clean-up that holds it moves the folder away
    try:
        still_there = os.stat(folder / STORE_KEY).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        still_there = False
    if not still_there:
        os.close(fd)
        return None
    return Lease(folder, key, manifest, fd)


def remove_unused(stores: Path) -> list[Path]:
    """Delete every store folder in `stores` that no server holds; the folders removed.

    A folder is first renamed out of the way (in one step, while holding its key file exclusively),
    so a server about to use it either holds it already or finds it gone and makes it again.
    """
    for leftover in stores.glob(f"{_REMOVING}*"):  # from a clean-up that was killed
        shutil.rmtree(leftover, ignore_errors=True)
    clean_leftovers(stores)  # stores half made by a killed server
    removed = []
    for folder in sorted(stores.glob("*")):
        if folder.name.startswith(".") or not folder.is_dir():
            continue  # writers' staging folders and locks: `govlex.staging` cleans those
        try:
            fd = os.open(folder / STORE_KEY, os.O_RDONLY)
        except FileNotFoundError:
            continue  # never complete: not a store
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            doomed = folder.with_name(f"{_REMOVING}{folder.name}-{os.getpid()}")
            os.rename(folder, doomed)
        except BlockingIOError:
            continue
        finally:
            os.close(fd)
        shutil.rmtree(doomed, ignore_errors=True)
        removed.append(folder)
    return removed


_REMOVING = ".removing-"
