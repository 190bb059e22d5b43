"""Issue 17: `govlex validate` and `govlex build` say on a terminal which stage they are in."""

import io
from pathlib import Path

from helpers import VALID_BASE
from rich.console import Console

from govlex.build import build
from govlex.loading import load_sources
from govlex.progress import bars


def test_validation_and_build_draw_a_bar_per_stage(tmp_path: Path) -> None:
    out = io.StringIO()
    with bars(Console(file=out, force_terminal=True, width=120)) as progress:
        sources = load_sources(data=[VALID_BASE], progress=progress)
        build(tmp_path / "build", sources=sources, reason=False, progress=progress)
    drawn = out.getvalue()
    for stage in ("reading the sources", "SHACL shapes", "SPARQL gates", "writing the build"):
        assert stage in drawn, stage
    assert (tmp_path / "build" / "manifest.json").is_file()
