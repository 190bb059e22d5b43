"""Progress of long commands (site, build, validate, export): rich bars on stderr while a person watches.

Library code takes a `Reporter` and calls `reporter.stage(...)` / `reporter.track(...)`; it never
decides whether anything is drawn. The command opens `bars()`, which draws only when stderr is a
terminal and `govlex --quiet` was not given, so tests, pipes and logs get no bar and no escape codes.
`SILENT` (the default everywhere) reports to nobody.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

T = TypeVar("T")

quiet = False
"""Set by `govlex --quiet`: no bars even on a terminal."""


class Stage:
    """One named part of the work, `total` steps long (None: unknown); `advance` as steps finish."""

    def __init__(self, bars: Progress | None, task: TaskID | None) -> None:
        self._bars, self._task = bars, task

    def advance(self, steps: int = 1) -> None:
        if self._bars is not None and self._task is not None:
            self._bars.advance(self._task, steps)

    def total(self, total: int) -> None:
        """The length, once it is known (a stage may start before its items are counted)."""
        if self._bars is not None and self._task is not None:
            self._bars.update(self._task, total=total)


class Reporter:
    """Where long work says how far it is; draws on `bars` if given, otherwise reports to nobody."""

    def __init__(self, bars: Progress | None = None) -> None:
        self._bars = bars

    @property
    def drawing(self) -> bool:
        return self._bars is not None

    @contextmanager
    def stage(self, description: str, total: int | None = None) -> Iterator[Stage]:
        """A bar for one part of the work, removed when the part is done."""
        if self._bars is None:
            yield Stage(None, None)
            return
        task = self._bars.add_task(description, total=total)
        try:
            yield Stage(self._bars, task)
        finally:
            self._bars.remove_task(task)

    def track(self, items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
        """`items`, advancing a bar as each is taken (its length from `total` or `len(items)`)."""
        if total is None and hasattr(items, "__len__"):
            total = len(items)  # type: ignore[arg-type]
        with self.stage(description, total) as stage:
            for item in items:
                yield item
                stage.advance()


SILENT = Reporter()


def _columns() -> tuple[object, ...]:
    return (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
    )


@contextmanager
def bars(console: Console | None = None) -> Iterator[Reporter]:
    """A reporter drawing on stderr (or `console`) when it is a terminal and not `--quiet`; else `SILENT`."""
    console = console or Console(stderr=True)
    if quiet or not console.is_terminal:
        yield SILENT
        return
    with Progress(*_columns(), console=console, transient=True) as progress:  # type: ignore[arg-type]
        yield Reporter(progress)
