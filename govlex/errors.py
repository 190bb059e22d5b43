"""The errors govlex raises for bad input, each naming the file, line or subject at fault."""

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


class GovlexError(Exception):
    """Base of every error govlex reports to a user without a traceback."""


@dataclass
class InputError(GovlexError):
    """A data or query file that cannot be read: which file, which line (when known) and what is wrong."""

    path: Path
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


class ReasonerUnavailable(GovlexError):
    """The OWL reasoner cannot run here (no Java)."""


class UnknownName(GovlexError):
    """A named thing (query, view, store, vocabulary) that does not exist; the message lists those that do."""

    def __init__(self, kind: str, name: str, known: list[str]) -> None:
        self.kind, self.name, self.known = kind, name, sorted(known)
        super().__init__(f"no {kind} named {name!r}; known: {', '.join(self.known) or '(none)'}")


class OutputError(GovlexError):
    """A file or folder govlex could not write (a full disk, no permission): which one, and why."""

    def __init__(self, target: Path, err: OSError) -> None:
        where = err.filename if err.filename else target
        super().__init__(f"cannot write {where}: {err.strerror or _rust_io_reason(str(err))}")


def _rust_io_reason(message: str) -> str:
    """The reason of an I/O error raised by a Rust library (pyoxigraph), as the C library words it.

    >>> _rust_io_reason("No space left on device (os error 28)")
    'No space left on device'
    """
    found = re.fullmatch(r"(.*?)\s*\(os error (\d+)\)", message, re.DOTALL)
    return os.strerror(int(found.group(2))) if found else message


@contextmanager
def writing_to(target: Path) -> Iterator[None]:
    """Report an `OSError` raised while writing `target` as an `OutputError` naming it.

    Writes to a full disk fail inside libraries that do not say which file they were writing.

    >>> with writing_to(Path("build")):
    ...     raise OSError(28, "No space left on device")
    Traceback (most recent call last):
    govlex.errors.OutputError: cannot write build: No space left on device
    """
    try:
        yield
    except OSError as err:
        raise OutputError(target, err) from None
