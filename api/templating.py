"""The Jinja2 environment over `api/templates/` and what every template gets: the page's `Links`, its
language and the language helpers (`t`, `pick`, `status`, …). `govlex serve` and `govlex site` render
through `render`."""

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from govlex.api.links import Links
from govlex.viz.heatmap import measure_name
from jinja2 import Environment, FileSystemLoader, select_autoescape

from govlex.catalog import Side
from govlex.messages import named, text
from govlex.overlap import Measure
from govlex.reasoning.results import Scope
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
    """The functions every template gets: `t(key)`, `status(name)`, `reliability(code)`, `relation(kind)`,
    `term(local_name)` (a glx: value such as `criterionDivergence` in words, see `govlex.vocabulary`),
    `scope_name(scope)`, `side(side)`, `measure_name(measure)`, `glossary_name(glossary)` and
    `note_kind(kind)`, whose strings come from the message catalogues (`govlex.messages`); and
    `pick(en, zh)`, which chooses between the two language versions of a piece of data (a label, a
    statement), never of interface text."""

    def pick(en: str, zh: str) -> str:
        return (zh or en) if lang == "zh" else (en or zh)

    return {
        "t": lambda key: text(key, lang),
        "pick": pick,
        "status": lambda name: named("status", name, lang),
        "reliability": lambda code: named("reliability", code, lang),
        "relation": lambda kind: named("relation", kind, lang),
        "term": lambda local: term_name(local, lang),
        "scope_name": lambda scope: named("scope", Scope(scope).name, lang),
        "side": lambda side: side_name(side, lang),
        "measure_name": lambda measure: measure_name(Measure(measure), lang),
        "glossary_name": lambda glossary: named("glossary", glossary, lang),
        "note_kind": lambda kind: named("note", kind, lang),
    }


def side_name(side: str, lang: str) -> str:
    """A `Side` (or its value, `US`, `CN`, `joint`, '') in words; any other string as it is."""
    known = {s.value: s.name for s in Side}
    return named("side", known[side], lang) if side in known else side


def render(template: str, links: Links, **context: Any) -> str:
    """Render `template` with `links` and the language helpers."""
    page = environment().get_template(template)
    return page.render(links=links, lang=links.lang, **helpers(links.lang), **context)
