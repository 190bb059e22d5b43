"""JSON-LD without the network: a `@context` given by reference (a URL or a file name) is never fetched.

pyoxigraph would fail on such a document as a whole, since it has no document loader here. Instead
the reference is replaced by `null` (which JSON-LD reads as "no context"), in a copy of the file,
and reported as skipped: what the document states with full IRIs, or with a context written inline,
still loads. The file is read in chunks, so this costs little memory at any size.
"""

import re
from pathlib import Path
from typing import BinaryIO

_CHUNK = 1 << 20
# `"@context": "ref"` or the first entry of `"@context": ["ref", …]`.
_REFERENCE = re.compile(rb'(?<!\\)("@context"\s*:\s*(?:\[\s*)?)"((?:[^"\\]|\\.)*)"')
# How far back a reference may start and still be cut by a chunk boundary (the reference itself is
# an IRI: long ones are allowed up to this).
_OVERLAP = 8192


def context_references(path: Path) -> list[str]:
    """The contexts the JSON-LD file at `path` names by reference, in order of appearance."""
    return _scan(path, None)


def without_context_references(path: Path, target: Path) -> list[str]:
    """Copy `path` to `target` with every context reference replaced by `null`; returns the references."""
    with target.open("wb") as out:
        return _scan(path, out)


def _scan(path: Path, out: BinaryIO | None) -> list[str]:
    found: list[str] = []
    carried = b""
    with path.open("rb") as stream:
        while True:
            chunk = stream.read(_CHUNK)
            text = carried + chunk
            # Keep the tail for the next round unless this is the end, so no match is cut in two.
            keep = len(text) if not chunk else max(len(text) - _OVERLAP, 0)
            position = 0
            for match in _REFERENCE.finditer(text):
                if chunk and match.start() >= keep:
                    break
                found.append(match.group(2).decode("utf-8", errors="replace"))
                if out is not None:
                    out.write(text[position : match.start()] + match.group(1) + b"null")
                position = match.end()
            cut = max(position, keep)
            if out is not None:
                out.write(text[position:cut])
            carried = text[cut:]
            if not chunk:
                return found
