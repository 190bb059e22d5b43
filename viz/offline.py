"""Self-contained HTML from pyvis: vis-network embedded, every tag that would reach the network removed.

pyvis's `cdn_resources="in_line"` embeds vis-network, but its template still adds two Bootstrap tags
from a CDN and a commented-out `node_modules` link; `standalone_html` strips them so a page opened
from disk makes no request. `external_references` is the check the tests (and `govlex site`) use.
With `libraries=` a page refers to pyvis's library files in a folder instead (`copy_libraries` puts
them there), so a site of many graph pages carries one copy of vis-network instead of one per page.
"""

import re
import shutil
from functools import cache
from html import escape
from pathlib import Path

import pyvis
from jinja2 import BaseLoader, Environment, FileSystemLoader, TemplateNotFound
from pyvis.network import Network

_TEMPLATES = Path(pyvis.__file__).parent / "templates"
_LIBRARY_MARK = "govlex-library:"
# What a library's include becomes with shared libraries: the tag pyvis wraps it in, around a mark.
_LIBRARY_TAG = re.compile(rf"<(script|style)>{_LIBRARY_MARK}lib/([\w./-]+)</\1>")

# The Bootstrap <link …/> and <script …></script> pyvis's template adds, and its commented-out tags.
_CDN_TAG = re.compile(r"<(link|script)\b[^>]*https?://[^>]*>(\s*</script>)?", re.IGNORECASE)
_COMMENTED_TAGS = re.compile(r"<!--\s*<link[^>]*node_modules.*?-->", re.IGNORECASE | re.DOTALL)
_REFERENCE = re.compile(
    r"""\b(?:src|href)\s*=\s*["']?([^"'\s>]+)|url\(\s*["']?([^"')\s]+)|@import\s+["']([^"']+)""",
    re.IGNORECASE,
)
_ANCHOR = re.compile(r"<a\s[^>]*>", re.IGNORECASE)
# Room for the page's own stylesheet and controls, inserted by the views.
HEAD_END = "</head>"
BODY_START = "<body>"
BODY_END = "</body>"


class _LibraryMarks(BaseLoader):
    """pyvis's templates, except that including one of its libraries yields a short mark naming the file
    rather than the file (0.7 MB for vis-network), which `standalone_html` turns into a reference."""

    def __init__(self) -> None:
        self._files = FileSystemLoader(_TEMPLATES)

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, None]:
        if not template.startswith("lib/"):
            return self._files.get_source(environment, template)  # type: ignore[return-value]
        if not (_TEMPLATES / template).is_file():
            raise TemplateNotFound(template)
        return f"{_LIBRARY_MARK}{template}", template, None


@cache
def _template_environment(shared: bool) -> Environment:
    # pyvis makes a Jinja environment per network and so recompiles its template every time; one
    # environment per mode compiles it once (5x faster for a site).
    return Environment(loader=_LibraryMarks() if shared else FileSystemLoader(_TEMPLATES))


def standalone_html(
    network: Network,
    title: str,
    head: str = "",
    before: str = "",
    after: str = "",
    libraries: str | None = None,
) -> str:
    """The network as one HTML document with no external reference: vis-network inline, or, given
    `libraries` (a relative URL of the folder `copy_libraries` fills), loaded from there.

    `head` goes at the end of <head>, `before` right after <body>, `after` right before </body>.
    """
    if network.cdn_resources != "in_line":
        raise ValueError("build the pyvis Network with cdn_resources='in_line'")
    network.templateEnv = _template_environment(libraries is not None)
    html = network.generate_html(notebook=False)
    if libraries is not None:
        html = _LIBRARY_TAG.sub(lambda m: _reference(m.group(1), f"{libraries}/{m.group(2)}"), html)
    html = _COMMENTED_TAGS.sub("", html)
    html = _CDN_TAG.sub("", html)
    html = html.replace("<head>", f'<head>\n<meta charset="utf-8">\n<title>{escape(title)}</title>', 1)
    html = html.replace(HEAD_END, head + HEAD_END, 1)
    html = html.replace(BODY_START, BODY_START + before, 1)
    html = _replace_last(html, BODY_END, after + BODY_END)
    # pyvis's own libraries (0.7 MB inline) are checked once, not scanned again in every page.
    page = html if libraries is not None else _without_libraries(html)
    leftovers = _library_references() + external_references(page)
    if leftovers:
        raise AssertionError(f"pyvis output still refers outside the page: {leftovers}")
    return html


def external_references(html: str, links: bool = True) -> list[str]:
    """Every `src`/`href`, CSS `url()` or `@import` target that would reach another host.

    With `links=False`, plain `<a href>` links are left out: a reader may follow them, but opening
    the page does not request them.

    >>> external_references('<a href="#x"></a><img src="https://example.org/a.png"><a href="page.html">')
    ['https://example.org/a.png']
    >>> external_references("<style>a { background: url('//cdn.example/x.png') }</style>")
    ['//cdn.example/x.png']
    >>> external_references('<a class="x" href="https://example.org/">source</a>', links=False)
    []
    """
    if not links:
        html = _ANCHOR.sub("<a>", html)
    found = ("".join(groups) for groups in _REFERENCE.findall(html))
    return [ref for ref in found if re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", ref, re.I)]


@cache
def _bundled_libraries() -> tuple[tuple[Path, str], ...]:
    """Every script and stylesheet pyvis ships for its template, with the tag that holds it inline."""
    lib = _TEMPLATES / "lib"
    return tuple(
        (path, "style" if path.suffix == ".css" else "script")
        for path in sorted(lib.rglob("*"))
        if path.suffix in {".js", ".css"}
    )


@cache
def _inline(path: Path, tag: str) -> str:
    return f"<{tag}>{path.read_text(encoding='utf-8')}</{tag}>"


def copy_libraries(folder: Path) -> list[Path]:
    """Copy into `folder` the library files that pages written with `standalone_html(…, libraries=…)`
    load, keeping pyvis's folders (`vis-9.1.2/vis-network.min.js`); the files written."""
    written = []
    for name in _shared_library_names():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_TEMPLATES / "lib" / name, target)
        written.append(target)
    return written


@cache
def _shared_library_names() -> tuple[str, ...]:
    """The libraries pyvis's template includes for the networks the views build (rendered once)."""
    html = standalone_html(Network(cdn_resources="in_line"), "", libraries="")
    return tuple(sorted(re.findall(r'(?:src|href)="/([\w./-]+)"', html)))


def _reference(tag: str, url: str) -> str:
    return f'<link rel="stylesheet" href="{url}">' if tag == "style" else f'<script src="{url}"></script>'


@cache
def _library_references() -> list[str]:
    """External references inside pyvis's bundled libraries themselves (none is expected)."""
    return [ref for path, tag in _bundled_libraries() for ref in external_references(_inline(path, tag))]


def _without_libraries(html: str) -> str:
    for path, tag in _bundled_libraries():
        html = html.replace(_inline(path, tag), "")
    return html


def _replace_last(text: str, old: str, new: str) -> str:
    head, sep, tail = text.rpartition(old)
    return head + new + tail if sep else text + new
