"""Folders written all or nothing (`govlex.staging`): builds, stores, views and the static site."""

from pathlib import Path

import pytest

from govlex.staging import merged_folder, replaced_folder


def contents(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_replaced_folder_swaps_in_the_new_content_whole(tmp_path: Path) -> None:
    target = tmp_path / "build"
    target.mkdir()
    (target / "old.txt").write_text("old")
    with replaced_folder(target) as staging:
        (staging / "new.txt").write_text("new")
        assert contents(target) == {"old.txt": "old"}  # nothing reaches the target before the end
    assert contents(target) == {"new.txt": "new"}
    assert [p.name for p in tmp_path.iterdir()] == ["build"]


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
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


@pytest.mark.parametrize("staged", [replaced_folder, merged_folder])
def test_a_failure_midway_leaves_the_target_as_it_was(tmp_path: Path, staged) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out"
    target.mkdir()
    (target / "kept.txt").write_text("before")
    with pytest.raises(RuntimeError, match="midway"), staged(target) as staging:
        (staging / "half.txt").write_text("half")
        raise RuntimeError("failed midway")
    assert contents(target) == {"kept.txt": "before"}
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # the staging folder is gone too


def test_a_target_that_does_not_exist_yet_is_created(tmp_path: Path) -> None:
    for staged, name in ((replaced_folder, "a"), (merged_folder, "b")):
        with staged(tmp_path / "deep" / name) as staging:
            (staging / "f.txt").write_text(name)
        assert contents(tmp_path / "deep" / name) == {"f.txt": name}
