"""Folders written all or nothing (`govlex.staging`): builds, stores, views and the static site."""

import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from govlex import staging
from govlex.faults import POINTS, VARIABLE
from govlex.staging import MANIFEST, exchange, merged_folder, replaced_folder


def contents(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): p.read_text()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


def siblings(folder: Path) -> list[str]:
    """What lies beside the folders under test, the writers' lock files aside."""
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".lock"))


def test_replaced_folder_swaps_in_the_new_content_whole(tmp_path: Path) -> None:
    target = tmp_path / "build"
    target.mkdir()
    (target / "old.txt").write_text("old")
    with replaced_folder(target) as staging:
        (staging / "new.txt").write_text("new")
        assert contents(target) == {"old.txt": "old"}  # nothing reaches the target before the end
    assert contents(target) == {"new.txt": "new"}
    assert siblings(tmp_path) == ["build"]


def test_merged_folder_adds_files_and_keeps_the_users_own(tmp_path: Path) -> None:
    target = tmp_path / "site"
    (target / "concept").mkdir(parents=True)
    (target / "notes.txt").write_text("mine")
    (target / "concept" / "a.html").write_text("stale a")
    with merged_folder(target) as staging:
        (staging / "concept").mkdir()
        (staging / "concept" / "a.html").write_text("a")
        (staging / "index.html").write_text("home")
        assert (target / "concept" / "a.html").read_text() == "stale a"
    assert contents(target) == {"concept/a.html": "a", "index.html": "home", "notes.txt": "mine"}
    assert siblings(tmp_path) == ["site"]
    generation = json.loads((target / MANIFEST).read_text())
    assert generation["files"] == ["concept/a.html", "index.html"]  # what this generation wrote


def test_merged_folder_keeps_a_user_folder_where_the_new_content_has_a_file(tmp_path: Path) -> None:
    target = tmp_path / "site"
    (target / "x").mkdir(parents=True)
    (target / "x" / "inner.txt").write_text("mine")
    with merged_folder(target) as staging:
        (staging / "x").write_text("new file named x")
    assert contents(target) == {"x": "new file named x"}


@pytest.mark.parametrize("staged", [replaced_folder, merged_folder])
def test_a_failure_midway_leaves_the_target_as_it_was(tmp_path: Path, staged) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out"
    target.mkdir()
    (target / "kept.txt").write_text("before")
    with pytest.raises(RuntimeError, match="midway"), staged(target) as staging:
        (staging / "half.txt").write_text("half")
        raise RuntimeError("failed midway")
    assert contents(target) == {"kept.txt": "before"}
    assert siblings(tmp_path) == ["out"]  # the staging folder is gone too


def test_a_target_that_does_not_exist_yet_is_created(tmp_path: Path) -> None:
    for staged, name in ((replaced_folder, "a"), (merged_folder, "b")):
        with staged(tmp_path / "deep" / name) as staging:
            (staging / "f.txt").write_text(name)
        assert contents(tmp_path / "deep" / name) == {"f.txt": name}


def test_the_new_folder_keeps_the_old_ones_permissions(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.mkdir(mode=0o755)
    target.chmod(0o755)
    with replaced_folder(target) as staging:
        (staging / "f.txt").write_text("x")
    assert target.stat().st_mode & 0o777 == 0o755  # not mkdtemp's 0700: a web server must read it


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "from-a").touch()
    (tmp_path / "b").mkdir()
    assert exchange(tmp_path / "a", tmp_path / "b"), "renameat2(RENAME_EXCHANGE) should work on Linux"
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["from-a"]
    assert list((tmp_path / "a").iterdir()) == []


def test_without_exchange_the_two_renames_still_give_the_new_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(staging, "exchange", lambda first, second: False)
    target = tmp_path / "build"
    target.mkdir()
    (target / "old.txt").write_text("old")
    with replaced_folder(target) as folder:
        (folder / "new.txt").write_text("new")
    assert contents(target) == {"new.txt": "new"}
    assert siblings(tmp_path) == ["build"]


# A writer run in a child process, so that `GOVLEX_KILL_AT` can kill it as `kill -9` would.
WRITER = """
import sys
from pathlib import Path
from govlex import staging
if sys.argv[3] == "no-exchange":
    staging.exchange = lambda first, second: False
folder = getattr(staging, sys.argv[1])
with folder(Path(sys.argv[2])) as out:
    if sys.argv[3] == "fail":
        raise SystemExit(1)
    (out / "generation.txt").write_text("new")
    (out / "sub").mkdir()
    (out / "sub" / "page.html").write_text("new")
"""


def write_in_child(kind: str, target: Path, mode: str, point: str | None) -> int:
    env = {**os.environ, VARIABLE: point} if point else dict(os.environ)
    done = subprocess.run([sys.executable, "-c", WRITER, kind, str(target), mode], env=env, check=False)
    return done.returncode


@pytest.mark.parametrize("mode", ["exchange", "no-exchange"])
@pytest.mark.parametrize("kind", ["replaced_folder", "merged_folder"])
@pytest.mark.parametrize("point", POINTS)
def test_a_writer_killed_at_any_step_leaves_the_old_or_the_new_folder_whole(
    tmp_path: Path, kind: str, mode: str, point: str
) -> None:
    target = tmp_path / "site"
    (target / "sub").mkdir(parents=True)
    (target / "generation.txt").write_text("old")
    (target / "sub" / "page.html").write_text("old")
    old = contents(target)
    new = {"generation.txt": "new", "sub/page.html": "new"}
    code = write_in_child(kind, target, mode, point)
    reached = code == -9
    if point == "staging.retired" and reached:
        # Only without an atomic exchange: the old folder waits under its aside name, and the next
        # writer puts it back first, even one that then fails.
        assert not target.exists()
        assert write_in_child(kind, target, "fail", None) == 1
    assert contents(target) in (old, new)
    if reached:  # the kill came before the end: whatever it left, the next writer cleans and succeeds
        assert point != "staging.swapped" or contents(target) == new
        assert write_in_child(kind, target, mode, None) == 0
    else:
        assert code == 0
    assert contents(target) == new
    assert siblings(tmp_path) == ["site"]  # no staging or old folder left behind


def test_an_unknown_fault_point_is_an_error(tmp_path: Path) -> None:
    env = {**os.environ, VARIABLE: "staging.nowhere"}
    done = subprocess.run(
        [sys.executable, "-c", WRITER, "replaced_folder", str(tmp_path / "x"), "exchange"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "names no fault point" in done.stderr


def test_clean_leftovers_removes_only_what_no_running_writer_holds(tmp_path: Path) -> None:
    for name in ("idle", "busy"):
        (tmp_path / f".{name}.lock").touch()
        (tmp_path / f".{name}-new-abc123").mkdir()
        (tmp_path / name).mkdir()
    held = os.open(tmp_path / ".busy.lock", os.O_RDWR)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)  # a writer of `busy` at work
        staging.clean_leftovers(tmp_path)
    finally:
        os.close(held)
    assert siblings(tmp_path) == [".busy-new-abc123", "busy", "idle"]
