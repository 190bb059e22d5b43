"""What every command shares: consoles, and turning govlex errors into one clear screen and an exit code."""

import functools
from collections.abc import Callable
from typing import NoReturn, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from govlex.errors import GovlexError

console = Console()
err_console = Console(stderr=True)

# The optional dependencies (pyproject.toml extras) by the top-level module a command imports from them.
EXTRA_OF_MODULE = {
    "pyvis": "viz",
    "matplotlib": "viz",
    "matplotlib_venn": "viz",
    "sklearn": "viz",
    "fastapi": "serve",
    "fastapi_offline": "serve",
    "uvicorn": "serve",
    "pydantic_settings": "serve",
    "sssom": "link",
    "curies": "link",
    "lxml": "publish",
    "docx": "publish",
    "weasyprint": "publish",
}

P = ParamSpec("P")
R = TypeVar("R")


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Print a `GovlexError`, an `OSError` (a full disk) or a missing optional dependency as one readable
    line on stderr and exit 1, instead of a traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except GovlexError as err:
            _fail(str(err))
        except OSError as err:
            # Commands name what they were writing (`errors.writing_to`); this catches the rest.
            where = f"{err.filename}: " if err.filename else ""
            _fail(f"{where}{err.strerror or err}")
        except ModuleNotFoundError as err:
            extra = EXTRA_OF_MODULE.get((err.name or "").split(".")[0])
            if extra is None:
                raise
            _fail(
                f"this command needs govlex's {extra!r} extra ({err.name} is missing): pip install 'govlex[{extra}]'"
            )

    return wrapper


def _fail(message: str) -> NoReturn:
    # escape: a message may contain brackets (pip extras, paths) that rich would take for markup.
    err_console.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(1) from None
