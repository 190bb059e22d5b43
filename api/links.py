"""Where each page, asset and download lives, for the server and the static site alike.

One template set serves both: a `Links` object decides every URL a page contains. `ServedLinks`
writes server paths (`/concept/lethality?lang=zh`); `StaticLinks` writes paths relative to the page's
own file (`../concept/lethality.html`, Chinese pages under `zh/`), so a static site opens from disk.
"""

from dataclasses import dataclass
from typing import ClassVar

from govlex.dialogue import DIALOGUE_KINDS
from govlex.namespace import ID_BASE

# The pages of the whole graph (documents, the dialogue, criteria, reference systems, and the dialogue's
# records by kind), as paths of the static site; the server serves the same paths without `.html`.
SINGLE_PAGES = ("source", "criterion", "system")
RECORD_KINDS = (
    *DIALOGUE_KINDS,
    *("finding", "person", "agent", "party", "glossary", "scheme", "collection", "term-list", "mapping"),
)
ENTITY_PAGES = {
    "sources": "sources.html",
    "dialogue": "dialogue.html",
    **{kind: kind + "/{slug}.html" for kind in SINGLE_PAGES},
    "record": "{kind}/{slug}.html",
}


class Links:
    """Where each page and asset lives; subclasses decide the form of the URLs."""

    lang: str = "en"
    searchable: bool = False  # whether there is a server to search and to run SPARQL

    def page(self, name: str, lang: str | None = None, **args: str) -> str:
        raise NotImplementedError

    def asset(self, path: str, lang: str | None = None) -> str:
        """A file under the site root (`static/…`, `graph/…`, `overlap/…`), in `lang` where it switches."""
        raise NotImplementedError

    def data(self, iri: str, fmt: str) -> str:
        """Where the description of `iri` downloads in `fmt` (`ttl` or `jsonld`)."""
        raise NotImplementedError

    def thing(self, iri: str, lang: str | None = None) -> str:
        """The page of any govlex individual by its IRI ('' when it has none, e.g. outside govlex).

        An interpretation's page is its card on its concept's page (its slug starts `{concept}--`).
        """
        kind, _, slug = iri.removeprefix(ID_BASE).partition("/") if iri.startswith(ID_BASE) else ("", "", "")
        if not slug or "/" in slug:
            return ""
        if kind == "concept":
            return self.page("concept", lang, slug=slug)
        if kind == "interpretation":
            return self.page("concept", lang, slug=slug.split("--", 1)[0]) + "#" + slug
        if kind == "dialogue":
            return self.page("dialogue", lang)
        if kind in SINGLE_PAGES:
            return self.page(kind, lang, slug=slug)
        if kind in RECORD_KINDS:
            return self.page("record", lang, kind=kind, slug=slug)
        return ""


@dataclass
class ServedLinks(Links):
    """Server paths; the language travels as `?lang=zh`."""

    lang: str = "en"
    searchable: bool = True

    PATHS: ClassVar[dict[str, str]] = {
        "home": "/",
        "concepts": "/concepts",
        "concept": "/concept/{slug}",
        "search": "/search",
        "graph": "/graph",
        "overlap": "/overlap",
        "overlap_of": "/overlap",
        "sparql": "/query",
        **{name: "/" + path.removesuffix(".html") for name, path in ENTITY_PAGES.items()},
    }

    def page(self, name: str, lang: str | None = None, **args: str) -> str:
        lang = lang or self.lang
        template = self.PATHS[name]
        path = template.format(**args)
        query = {
            ("scope" if name == "overlap_of" else k): v for k, v in args.items() if f"{{{k}}}" not in template
        }
        if lang != "en":
            query["lang"] = lang
        return path + ("?" + "&".join(f"{k}={_quote(v)}" for k, v in query.items()) if query else "")

    def data(self, iri: str, fmt: str) -> str:
        return "/id/" + iri.removeprefix(ID_BASE) + f"?format={fmt}"

    def asset(self, path: str, lang: str | None = None) -> str:
        lang = lang or self.lang
        return "/" + path + ("?lang=zh" if lang == "zh" and path.endswith(".html") else "")


@dataclass
class StaticLinks(Links):
    """Paths relative to the page's file: English pages at the root, Chinese ones under `zh/`."""

    lang: str = "en"
    here: str = "index.html"  # this page's path from the site root
    searchable: bool = False

    PAGES: ClassVar[dict[str, str]] = {
        "home": "index.html",
        "concepts": "concepts.html",
        "concept": "concept/{slug}.html",
        "graph": "graph.html",
        "overlap": "overlap.html",
        "overlap_of": "overlap/{slug}.html",
        **ENTITY_PAGES,
    }

    def _up(self) -> str:
        return "../" * self.here.count("/")

    def page(self, name: str, lang: str | None = None, **args: str) -> str:
        lang = lang or self.lang
        path = self.PAGES[name].format(**args)
        return self._up() + ("zh/" if lang == "zh" else "") + path

    def asset(self, path: str, lang: str | None = None) -> str:
        lang = lang or self.lang
        return self._up() + path + ("?lang=zh" if lang == "zh" and path.endswith(".html") else "")

    def data(self, iri: str, fmt: str) -> str:
        return self._up() + static_data_path(iri, fmt)


def static_data_path(iri: str, fmt: str) -> str:
    """Where the static site writes the description of `iri` in `fmt`, from the site root."""
    return "data/" + iri.removeprefix(ID_BASE) + "." + fmt


def static_page_path(name: str, lang: str, **args: str) -> str:
    """Where the static site writes page `name` in `lang`, from the site root."""
    return ("zh/" if lang == "zh" else "") + StaticLinks.PAGES[name].format(**args)


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")
