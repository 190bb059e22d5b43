"""The command-line reference of the docs site (`docs/cli.md`), generated from the Typer app itself so it
cannot drift: `python -m govlex.cli.reference > docs/cli.md` (`make docs` runs it; a test compares)."""

from typing import Any

import typer.main

from govlex.cli.main import app

HEADER = """# Command-line reference

Generated from the `govlex` application by `python -m govlex.cli.reference`; do not edit by hand
(`make docs` regenerates it, and a test fails when it is stale). Every command also answers `--help`.
"""


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _command(command: Any, context: Any, path: str, level: int) -> list[str]:
    lines = [f"{'#' * level} `{path}`", ""]
    if command.help:
        lines += [" ".join(command.help.split()), ""]
    subcommands = getattr(command, "list_commands", None)
    if subcommands is not None:
        for name in subcommands(context):
            sub = command.get_command(context, name)
            if sub is not None and not sub.hidden:
                lines += _command(sub, sub.context_class(sub, parent=context), f"{path} {name}", level + 1)
        return lines
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    options = [p.get_help_record(context) for p in command.params if p.param_type_name == "option"]
    usage = " ".join([path, *(a.name.upper() for a in arguments), "[OPTIONS]" if options else ""])
    lines += ["```", usage.strip(), "```", ""]
    rows = [(f"`{a.name.upper()}`", getattr(a, "help", None) or "") for a in arguments]
    rows += [(f"`{record[0]}`", record[1]) for record in options if record is not None]
    if rows:
        lines += ["| argument or option | meaning |", "| --- | --- |"]
        lines += [f"| {_cell(name)} | {_cell(meaning)} |" for name, meaning in rows]
        lines.append("")
    return lines


def markdown() -> str:
    """Every command and subcommand of `govlex` with its arguments and options, as Markdown."""
    root = typer.main.get_command(app)
    context = root.context_class(root, info_name="govlex")
    lines = [HEADER]
    for name in root.list_commands(context):  # type: ignore[attr-defined]
        command = root.get_command(context, name)  # type: ignore[attr-defined]
        lines += _command(command, command.context_class(command, parent=context), f"govlex {name}", 2)
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
