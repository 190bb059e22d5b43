"""One shape for every problem a check finds, and the report that groups them by file and subject."""

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data: which check, about what, where, and what a curator should know."""

    check: str
    message: str
    subject: str | None = None
    value: str | None = None
    path: str | None = None
    file: Path | None = None
    line: int | None = None

    def where(self) -> str:
        if self.file is None:
            return "(no file)"
        return f"{self.file}:{self.line}" if self.line else str(self.file)


def failed_checks(problems: list[Problem]) -> set[str]:
    """The names of the checks that failed.

    >>> sorted(failed_checks([Problem("A", "x"), Problem("B", "y"), Problem("A", "z")]))
    ['A', 'B']
    """
    return {problem.check for problem in problems}


def print_report(problems: list[Problem], console: Console, root: Path | None = None) -> None:
    """Print problems grouped by file, then subject, in a table a curator can act on."""
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for problem in problems:
        by_file[_shown(problem.file, root)].append(problem)
    for file_name in sorted(by_file):
        table = Table(title=escape(file_name), title_justify="left", show_lines=False, expand=True)
        table.add_column("line", justify="right", no_wrap=True)
        table.add_column("subject", overflow="fold")
        table.add_column("check", no_wrap=True)
        table.add_column("problem", overflow="fold")
        rows = sorted(by_file[file_name], key=lambda p: (p.line or 0, p.subject or "", p.check))
        for problem in rows:
            detail = problem.message
            if problem.value:
                detail += f" [value: {problem.value}]"
            # escape: "[value: <IRI>]" would otherwise be taken for a rich markup tag and vanish.
            table.add_row(
                str(problem.line or ""), escape(problem.subject or ""), problem.check, escape(detail)
            )
        console.print(table)
    console.print(f"[bold red]{len(problems)} problem(s) in {len(failed_checks(problems))} check(s)[/]")


def _shown(path: Path | None, root: Path | None) -> str:
    if path is None:
        return "(not traced to a file)"
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)
