"""The HTML pages of govlex, rendered from `api/templates/` for the server (`api.routes.pages`) and for
the static site (`govlex.site`) alike.

One template set serves both: a `Links` object decides every URL a page contains. `ServedLinks`
writes server paths (`/concept/lethality?lang=zh`); `StaticLinks` writes paths relative to the page's
own file (`../concept/lethality.html`, Chinese pages under `zh/`), so a static site opens from disk.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from govlex.api.overlap_pairs import glossary_choices, ranked_sections
from govlex.api.page_strings import PAGE_STRINGS, SCOPE_NAMES, SIDE_NAMES
from govlex.viz.heatmap import MEASURE_NAMES, Matrix, clustered, concept_matrix, heatmap_table, reading_matrix
from govlex.viz.sets import coverage_sets, membership_table
from govlex.viz.style import TABLE_CSS
from jinja2 import Environment, FileSystemLoader, select_autoescape

from govlex.catalog import (
    PREFIXES,
    Concept,
    ConceptSummary,
    Interpretation,
    concept_summaries,
    get_concept,
    list_rounds,
    list_sources,
    slug_of,
)
from govlex.dialogue import DIALOGUE_KINDS
from govlex.namespace import ID_BASE
from govlex.overlap import Measure, overlap_matrix
from govlex.overlap_ranking import SCREENFUL, Selection, ranking, selected
from govlex.pinyin import sort_key, spelled
from govlex.reasoning.results import ScopeData, scope_data
from govlex.store import QueryStore
from govlex.vocabulary import term_name

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
LANGS = ("en", "zh")
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

# Interface strings: key → (English, Chinese).
STRINGS: dict[str, tuple[str, str]] = {
    "home": ("Home", "首页"),
    "index": ("Index", "索引"),
    "graph": ("Graph", "概念网络"),
    "overlap": ("Overlap", "交叠"),
    "sparql": ("SPARQL", "SPARQL 查询"),
    "search": ("Search", "搜索"),
    "search_placeholder": ("term in English, 中文 or pinyin", "英文、中文或拼音"),
    "tagline": (
        "AI governance terms of the China–U.S. Track II Dialogue on AI and International Security: "
        "both sides' readings side by side, in English and Chinese, each traced to its source.",
        "中美人工智能与国际安全二轨对话中的人工智能治理术语：双方解读并列呈现，中英双语，逐条注明出处。",
    ),
    "about": (
        "Each concept carries every reading a side of the dialogue has given it, with the criteria that "
        "reading requires and the documents it comes from. The graph shows how the concepts relate; the "
        "overlap views show how far the readings agree.",
        "每个概念列出对话各方对它的全部解读、解读所要求的判定要素及其出处文件。概念网络展示概念间的关系；交叠视图展示各方解读的一致程度。",
    ),
    "concepts": ("concepts", "个概念"),
    "interpretations": ("interpretations", "条解读"),
    "sources": ("source documents", "份来源文件"),
    "rounds": ("dialogue rounds", "轮对话"),
    "criteria": ("criteria", "项判定要素"),
    "systems": ("reference systems", "个参照系统"),
    "us": ("United States", "美方"),
    "cn": ("China", "中方"),
    "joint": ("Joint", "共同解读"),
    "no_reading": ("No reading recorded yet.", "暂无解读记录。"),
    "criteria_h": ("Criteria", "判定要素"),
    "covers_h": ("Reference systems covered", "所涵盖的参照系统"),
    "sources_h": ("Sources", "出处"),
    "status": ("status", "状态"),
    "stated_by": ("stated by", "表述方"),
    "unverified": ("unverified", "未核实"),
    "divergence": ("Divergence", "分歧"),
    "relations": ("Related concepts", "相关概念"),
    "mappings": ("Mappings to other vocabularies", "与其他词表的映射"),
    "alt_labels": ("Also called", "又称"),
    "definition": ("Definition", "定义"),
    "scope_notes": ("Notes", "注释"),
    "reliability": ("reliability", "可靠性"),
    "evidence_h": ("Evidence", "核实依据"),
    "checked_on": ("checked", "核实于"),
    "editorial_h": ("Editorial notes", "编者按"),
    "editorial_by": (
        "Written by govlex's editors, not by either side or any issuer.",
        "由 govlex 编者撰写，不代表任何一方或发布机构。",
    ),
    "neighbourhood": ("Neighbourhood", "关联概念"),
    "interp_view": ("Interpretations as a diagram", "解读对照图"),
    "open_full": ("open full page", "在新页面打开"),
    "by_english": ("By English label", "按英文排序"),
    "by_pinyin": ("By pinyin", "按拼音排序"),
    "results_for": ("Results for", "搜索结果："),
    "no_results": ("Nothing found.", "未找到结果。"),
    "run": ("Run query", "运行查询"),
    "examples": ("Named queries", "示例查询"),
    "rows": ("rows", "行"),
    "error_4xx": ("The request could not be answered", "无法响应该请求"),
    "error_404": ("Not found", "未找到"),
    "error_5xx": ("Server error", "服务器错误"),
    "glossaries": ("Glossaries", "术语表"),
    "rounds_h": ("Discussed at", "讨论于"),
    "network_intro": (
        "Every concept, coloured by which sides interpret it, with its relations. Hover a node for both "
        "sides' statements; drag to rearrange; switch labels between English and Chinese.",
        "全部概念，按解读方着色，并显示概念间关系。将鼠标悬停在节点上可查看双方表述；可拖动节点；可切换中英文标签。",
    ),
    "overlap_intro": (
        "How far readings agree, measured on shared criteria (intension), shared covered reference "
        "systems (extension) and similar wording (text).",
        "各方解读的一致程度，从共同判定要素（内涵）、共同涵盖的参照系统（外延）和表述相似度（文本）三方面衡量。",
    ),
    "language": ("中文", "English"),
}
STRINGS.update(PAGE_STRINGS)
STATUS_NAMES = {
    "recorded": ("recorded", "已收录"),
    "proposed": ("proposed", "已提出"),
    "discussed": ("discussed", "已讨论"),
    "jointly-interpreted": ("jointly interpreted", "已共同解读"),
    "divergent": ("divergent", "存在分歧"),
}
RELIABILITY_NAMES = {
    "official": ("official", "官方"),
    "reputable-secondary": ("reputable secondary", "可靠二手来源"),
    "mirror": ("mirror only", "仅见于镜像"),
    "unverified": ("unverified", "未核实"),
}
RELATION_NAMES = {
    "broader": ("broader", "上位概念"),
    "narrower": ("narrower", "下位概念"),
    "related": ("related", "相关"),
    "overlaps-with": ("overlaps with", "交叠"),
    "contrasts-with": ("contrasts with", "对照"),
    "part-of": ("part of", "属于"),
    "has-part": ("has part", "包含"),
    "precedes": ("precedes", "先于"),
    "follows": ("follows", "后于"),
}


# ---------------------------------------------------------------- links


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


# ---------------------------------------------------------------- rendering


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


# ---------------------------------------------------------------- page contents


def counts(store: QueryStore) -> dict[str, int]:
    """The numbers the home page shows, by `STRINGS` key."""
    rows = store.select(
        PREFIXES
        + """SELECT ?kind (COUNT(DISTINCT ?x) AS ?n) WHERE {
             VALUES (?kind ?class) { ("interpretations" glx:Interpretation) ("criteria" glx:Criterion)
                                     ("systems" glx:ReferenceSystem) }
             ?x a ?class } GROUP BY ?kind"""
    )
    numbers = {row["kind"].value: int(row["n"].value) for row in rows}
    return {
        "concepts": len(concept_summaries(store)),
        "interpretations": numbers.get("interpretations", 0),
        "sources": len(list_sources(store)),
        "rounds": len(list_rounds(store)),
        "criteria": numbers.get("criteria", 0),
        "systems": numbers.get("systems", 0),
    }


@dataclass
class Columns:
    """A concept's readings grouped for the two-column page: U.S. | China, joint below, others after."""

    us: list[Interpretation] = field(default_factory=list)
    cn: list[Interpretation] = field(default_factory=list)
    joint: list[Interpretation] = field(default_factory=list)
    other: list[Interpretation] = field(default_factory=list)


def columns(concept: Concept) -> Columns:
    """Sort `concept`'s interpretations into the page's columns."""
    result = Columns()
    for reading in concept.interpretations:
        side = reading.side
        {"US": result.us, "CN": result.cn, "joint": result.joint}.get(side, result.other).append(reading)
    return result


@dataclass(frozen=True)
class IndexEntry:
    """One line of the alphabetical index."""

    letter: str
    primary: str
    secondary: str
    concept: ConceptSummary


def alphabetical(store: QueryStore) -> tuple[list[IndexEntry], list[IndexEntry]]:
    """The index twice: by English label, and by the pinyin of the Chinese label."""
    summaries = concept_summaries(store)
    english = sorted(
        (IndexEntry(s.label_en[:1].upper(), s.label_en, s.label_zh, s) for s in summaries),
        key=lambda e: e.primary.lower(),
    )
    with_zh = [s for s in summaries if s.label_zh]
    by_pinyin = sorted(
        (
            IndexEntry(
                sort_key(s.label_zh)[:1].upper(),
                s.label_zh,
                spelled(s.label_zh),
                s,
            )
            for s in with_zh
        ),
        key=lambda e: sort_key(e.primary),
    )
    return english, by_pinyin


# ---------------------------------------------------------------- overlap page


def overlap_context(
    store: QueryStore,
    links: Links,
    scope: str,
    measures: list[Measure],
    figures: bool = True,
    data: ScopeData | None = None,
    set_figures: bool = True,
    selection: Selection | None = None,
    k: int = 20,
    order: str = "alphabetical",
) -> dict[str, Any]:
    """What `overlap.html` shows: heat maps of `scope` ('concepts' or a concept slug) for `measures`,
    and for a concept its set diagram; download links point at the files `govlex.viz.views` writes.
    Past a screenful of concepts (`SCREENFUL`) the concepts scope lists the `k` most and least
    overlapping pairs instead (`govlex.api.overlap_pairs`); `selection` filters what is compared and
    `order` is 'alphabetical' or 'clustered' for a heat map.

    `figures` says whether PNG/SVG files exist for a concept's readings (the server makes them on
    request; a static site has them only when written with figures), `set_figures` whether a concept's
    set diagram exists as PNG/SVG (a large static site has only its HTML). `data` saves reading it again.
    """
    data = data or scope_data(store)
    selection = selection or Selection()
    concept = None
    tables: list[tuple[Measure, str]] = []
    ranked: list[dict[str, Any]] = []
    if scope == "concepts":
        items = selected(store, data, selection)
        if len(items) > SCREENFUL:
            ranked = ranked_sections([ranking(store, data, selection, m, k) for m in measures], data)
        elif selection == Selection():
            matrix = store.derived("concept_matrix", lambda: concept_matrix(data))
        else:
            by_label = sorted(items, key=lambda p: p.label.lower())
            matrix = Matrix("concepts", tuple(p.label for p in by_label), overlap_matrix(by_label))
        stem = "overlap/concepts-{}"
    else:
        concept = get_concept(store, scope)
        matrix = reading_matrix(data, concept.iri)
        stem = f"overlap/{scope}/readings-{{}}"
    if not ranked:
        shown = {m: clustered(matrix, m) if order == "clustered" else matrix for m in measures}
        tables = [(m, heatmap_table(shown[m], m, data)) for m in measures]
    formats = ("png", "svg") if figures or scope == "concepts" else ()
    with_readings = store.derived("concepts_with_readings", lambda: set(data.concepts()))
    # A choice of every concept's readings is a list a person can read only up to a screenful.
    few = len(with_readings) <= SCREENFUL
    summaries = [s for s in concept_summaries(store) if s.iri in with_readings] if few else []
    context: dict[str, Any] = {
        "scope": scope,
        "concept": concept,
        "concepts": summaries,
        "measures": measures,
        "all_measures": list(Measure),
        "measure_names": MEASURE_NAMES,
        "table_css": TABLE_CSS.replace("<style>", "").replace("</style>", ""),
        "tables": tables,
        "ranked": ranked,
        "selection": selection,
        "glossaries": glossary_choices(data),
        "chosen_glossaries": {slug_of(g) for g in selection.glossaries},
        "k": k,
        "order": order,
        "downloads": {
            m: {fmt: links.asset(f"{stem.format(m.value)}.{fmt}") for fmt in (*formats, "html")}
            for m in measures
        },
    }
    if concept is not None:
        sets = coverage_sets(data, concept.iri)
        context["sets_title"] = f"{concept.label_en}: reference systems each reading covers"
        context["membership"] = membership_table(sets)
        context["sets_downloads"] = {
            fmt: links.asset(f"overlap/{scope}/sets.{fmt}")
            for fmt in (("png", "svg", "html") if set_figures else ("html",))
        }
    return context
