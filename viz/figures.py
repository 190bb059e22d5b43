"""Saving matplotlib figures for reports (PNG, SVG) and for pages (inline SVG), without a display.

matplotlib's Agg backend is chosen before pyplot loads, so nothing here needs a screen, and the
SVGs carry their text as paths-free `<text>` elements with no external reference.
"""

import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure

FORMATS = ("png", "svg")


def save(figure: Figure, stem: Path) -> list[Path]:
    """Write `figure` as `stem.png` and `stem.svg`; the paths written."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in FORMATS:
        path = stem.with_suffix(f".{fmt}")
        figure.savefig(path, format=fmt, dpi=150, bbox_inches="tight", metadata=_metadata(fmt))
        written.append(path)
    return written


def to_bytes(figure: Figure, fmt: str) -> bytes:
    """`figure` as PNG or SVG bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown figure format {fmt!r}; known: {', '.join(FORMATS)}")
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, dpi=150, bbox_inches="tight", metadata=_metadata(fmt))
    return buffer.getvalue()


def inline_svg(figure: Figure) -> str:
    """`figure` as an `<svg>` element to put straight into an HTML page (no XML prolog or DOCTYPE)."""
    text = to_bytes(figure, "svg").decode("utf-8")
    return text[text.index("<svg") :]


def _metadata(fmt: str) -> dict[str, str | None]:
    # Fixed metadata keeps the files byte-stable across runs (no creation date), so a rebuilt
    # site only changes where the data changed.
    return {"Date": None} if fmt == "svg" else {"Software": "govlex"}
