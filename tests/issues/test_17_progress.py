"""Issue 17: long commands draw rich progress bars on a terminal's stderr, and nothing elsewhere."""

import io

import pytest
from helpers import run_cli
from rich.console import Console

from govlex import progress
from govlex.progress import SILENT, bars


def _console(terminal: bool) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=terminal, width=100), out


def test_a_terminal_gets_a_bar_that_counts_the_items() -> None:
    console, out = _console(terminal=True)
    with bars(console) as reporter:
        assert reporter.drawing
        assert list(reporter.track(["a", "b", "c"], "concept pages")) == ["a", "b", "c"]
        with reporter.stage("writing", total=2) as stage:
            stage.advance(2)
    drawn = out.getvalue()
    assert "concept pages" in drawn and "\x1b[" in drawn


def test_a_pipe_gets_nothing() -> None:
    console, out = _console(terminal=False)
    with bars(console) as reporter:
        assert reporter is SILENT
        assert list(reporter.track(range(3), "pages")) == [0, 1, 2]
    assert out.getvalue() == ""


def test_quiet_silences_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "quiet", True)
    console, out = _console(terminal=True)
    with bars(console) as reporter:
        assert reporter is SILENT
    assert out.getvalue() == ""


def test_quiet_is_an_option_of_every_command() -> None:
    result = run_cli("--quiet", "stats", "--help")
    assert result.returncode == 0, result.stderr
    assert "Usage" in result.stdout and result.stderr == ""
