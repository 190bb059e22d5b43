"""The Jinja2 environment over `api/templates/` and what every template gets: the page's `Links`, its
language and the language helpers (`t`, `pick`, `status`, …). `govlex serve` and `govlex site` render
through `render`."""

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from govlex.api.links import Links
from govlex.api.page_strings import SCOPE_NAMES, SIDE_NAMES
from govlex.api.strings import RELATION_NAMES, RELIABILITY_NAMES, STATUS_NAMES, STRINGS
from jinja2 import Environment, FileSystemLoader, select_autoescape

from govlex.vocabulary import term_name

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
LANGS = ("en", "zh")


@cache
def environment() -> Environment:
    """The Jinja2 environment over `api/templates/` (autoescaping on)."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def helpers(lang: str) -> dict[str, Callable[..., Any]]:
    """The functions every template gets: `t(key)`, `pick(en, zh)`, `status(name)`, `reliability(code)`,
    `relation(kind)`, `term(local_name)` (a glx: value such as `criterionDivergence` in words, see
    `govlex.vocabulary`), `scope_name(scope)`, `side(side)`."""
    index = 1 if lang == "zh" else 0

    def pick(en: str, zh: str) -> str:
        return (zh or en) if lang == "zh" else (en or zh)

    return {
        "t": lambda key: STRINGS[key][index],
        "pick": pick,
        "status": lambda name: STATUS_NAMES.get(name, (name, name))[index],
        "reliability": lambda code: RELIABILITY_NAMES.get(code, (code, code))[index],
        "relation": lambda kind: RELATION_NAMES.get(kind, (kind, kind))[index],
        "term": lambda local: term_name(local, lang),
        "scope_name": lambda scope: SCOPE_NAMES[scope][index],
        "side": lambda side: SIDE_NAMES.get(side, (side, side))[index],
    }


def render(template: str, links: Links, **context: Any) -> str:
    """Render `template` with `links` and the language helpers."""
    page = environment().get_template(template)
    return page.render(links=links, lang=links.lang, **helpers(links.lang), **context)
