"""Self-contained HTML from pyvis: vis-network embedded, every tag that would reach the network removed.

pyvis's `cdn_resources="in_line"` embeds vis-network, but its template still adds two Bootstrap tags
from a CDN and a commented-out `node_modules` link; `standalone_html` strips them so a page opened
from disk makes no request. `external_references` is the check the tests (and `govlex site`) use.
`shared_libraries` turns such a page into one that loads vis-network from a folder beside it, so a
site of many graph pages carries one copy of the library instead of one per page.
"""

import re
from functools import cache
from html import escape
from pathlib import Path

import pyvis
from pyvis.network import Network

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


def standalone_html(network: Network, title: str, head: str = "", before: str = "", after: str = "") -> str:
    """The network as one HTML document with vis-network inline and no external reference.

    `head` goes at the end of <head>, `before` right after <body>, `after` right before </body>.
    """
    if network.cdn_resources != "in_line":
        raise ValueError("build the pyvis Network with cdn_resources='in_line'")
    html = network.generate_html(notebook=False)
    html = _COMMENTED_TAGS.sub("", html)
    html = _CDN_TAG.sub("", html)
    html = html.replace("<head>", f'<head>\n<meta charset="utf-8">\n<title>{escape(title)}</title>', 1)
    html = html.replace(HEAD_END, head + HEAD_END, 1)
    html = html.replace(BODY_START, BODY_START + before, 1)
    html = _replace_last(html, BODY_END, after + BODY_END)
    # pyvis's own libraries (0.7 MB inline) are checked once, not scanned again in every page.
    leftovers = _library_references() + external_references(_without_libraries(html))
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
    lib = Path(pyvis.__file__).parent / "templates" / "lib"
    return tuple(
        (path, "style" if path.suffix == ".css" else "script")
        for path in sorted(lib.rglob("*"))
        if path.suffix in {".js", ".css"}
    )


@cache
def _inline(path: Path, tag: str) -> str:
    return f"<{tag}>{path.read_text(encoding='utf-8')}</{tag}>"


def shared_libraries(html: str, base: str) -> tuple[str, list[Path]]:
    """`html` (from `standalone_html`) with each library it holds inline replaced by a reference to
    `base/<folder>/<file>` (a relative URL), and the library files it now needs there (pyvis's own, to
    be copied to `base` keeping their folder)."""
    used = []
    for path, tag in _bundled_libraries():
        inline = _inline(path, tag)
        if inline in html:
            url = f"{base}/{path.parent.name}/{path.name}"
            reference = (
                f'<link rel="stylesheet" href="{url}">'
                if tag == "style"
                else f'<script src="{url}"></script>'
            )
            html = html.replace(inline, reference)
            used.append(path)
    if not used:
        raise ValueError("the page holds none of pyvis's libraries inline")
    return html, used


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
