"""Folders written all or nothing: the work goes into a fresh sibling folder, which reaches its place only
once complete, and is removed whatever happens.

`replaced_folder` swaps the finished folder in for the old one whole (folders govlex owns: the build, the
on-disk store). `merged_folder` moves the finished files into a folder that may also hold other files of
the user's (the views, the static site), so it never deletes anything it did not write.
"""

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def _sibling(target: Path) -> Iterator[Path]:
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        yield staging
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


@contextmanager
def replaced_folder(target: Path) -> Iterator[Path]:
    """A folder to write `target`'s new content into; when the block ends normally it becomes `target`."""
    with _sibling(target) as staging:
        yield staging
        retired = None
        if target.exists():
            # Renamed aside rather than deleted first, so `target` is never missing for long.
            retired = target.with_name(f".{target.name}-old-{os.getpid()}")
            os.replace(target, retired)
        os.replace(staging, target)
        if retired is not None:
            shutil.rmtree(retired, ignore_errors=True)


@contextmanager
def merged_folder(target: Path) -> Iterator[Path]:
    """A folder to write files into; when the block ends normally each moves to the same place under `target`."""
    with _sibling(target) as staging:
        yield staging
        for path in sorted(staging.rglob("*")):
            if path.is_file():
                destination = target / path.relative_to(staging)
                destination.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, destination)
