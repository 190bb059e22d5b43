"""Colours, edge styles and the shared toolbar of the graph views, so every view reads the same way.

The toolbar switches labels between English and Chinese (also from `?lang=zh` in the page's URL)
and, for the concept network, the colouring between sides and glossaries. It works on the
`nodes` DataSet pyvis's page defines, using the `label_en`/`label_zh` and `color_*` fields the views
give every node.
"""

from html import escape

from govlex.messages import both, text

# Node colours by side; their names in the legends are the catalogue's `side_key.<key>` (govlex.messages).
SIDE_COLOURS = {
    "US": "#2f6db5",
    "CN": "#c8323c",
    "both": "#7d4fa8",
    "joint": "#2e9d57",
    "none": "#b5b5b5",
}
# Node colours by glossary; their names in the legends are the catalogue's `glossary.<key>`.
GLOSSARY_COLOURS = {
    "us": "#4e79a7",
    "cn": "#e15759",
    "joint": "#59a14f",
    "several": "#b07aa1",
    "none": "#bab0ac",
}
# Heat maps: a score from 0 to 1 runs linearly through these stops (the HTML tables and the figures
# alike); a pair with nothing to compare on a measure is grey.
HEAT_STOPS = ("#f7f7f7", "#c6a9df", "#4b2a7b")
NO_SCORE = "#e6e6e6"


def heat_colour(score: float) -> str:
    """The colour of `score` (0–1) on the heat scale.

    >>> heat_colour(0.0), heat_colour(0.5), heat_colour(1.0), heat_colour(0.75)
    ('#f7f7f7', '#c6a9df', '#4b2a7b', '#886aad')
    """
    stops = [tuple(int(hex_[k : k + 2], 16) for k in (1, 3, 5)) for hex_ in HEAT_STOPS]
    position = min(max(score, 0.0), 1.0) * (len(stops) - 1)
    low = min(int(position), len(stops) - 2)
    share = position - low
    channels = (round(a + (b - a) * share) for a, b in zip(stops[low], stops[low + 1], strict=True))
    return "#" + "".join(f"{c:02x}" for c in channels)


def ink_for(background: str) -> str:
    """Black or white, whichever reads better on `background` (WCAG contrast ratio); mid-scale heat
    colours pass with black, where white would fall below 4.5:1.

    >>> ink_for("#886aad"), ink_for("#4b2a7b"), ink_for("#f7f7f7")
    ('#000000', '#ffffff', '#000000')
    """

    def luminance(hex_: str) -> float:
        channels = [int(hex_[k : k + 2], 16) / 255 for k in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light = luminance(background)
    return "#ffffff" if (1.05 / (light + 0.05)) > ((light + 0.05) / 0.05) else "#000000"


# Relation → vis-network edge options; its name in the legend is the catalogue's `edge.<relation>`.
EDGE_STYLES: dict[str, dict[str, object]] = {
    "broader": {"color": "#555555", "arrows": "to", "width": 2},
    "partOf": {"color": "#8c6d31", "arrows": "to", "dashes": [2, 4], "width": 2},
    "precedes": {"color": "#e08214", "arrows": "to", "width": 2},
    "related": {"color": "#9e9e9e", "dashes": True},
    "overlapsWith": {"color": "#7d4fa8", "width": 3},
    "contrastsWith": {"color": "#c8323c", "dashes": [8, 4], "width": 2},
}

PAGE_CSS = """
<style>
  body { font-family: system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 0; }
  .glx-bar { display: flex; flex-wrap: wrap; gap: .6rem 1.2rem; align-items: center; padding: .5rem .8rem;
             border-bottom: 1px solid #ddd; font-size: 14px; background: #fafafa; }
  .glx-bar h1 { font-size: 16px; margin: 0 .8rem 0 0; }
  .glx-legend { display: flex; flex-wrap: wrap; gap: .3rem .9rem; }
  .glx-key { display: inline-flex; align-items: center; gap: .3rem; }
  .glx-dot { width: 12px; height: 12px; border-radius: 50%; display: inline-block; }
  .glx-line { width: 22px; height: 0; border-top-width: 3px; display: inline-block; }
  div.vis-tooltip { white-space: pre-wrap; max-width: 460px; font-size: 13px; }
  .card { border: 0 !important; }
</style>
"""

_SWITCH_JS = """
<script>
(function () {
  var params = new URLSearchParams(window.location.search);
  var langSelect = document.getElementById("glx-lang");
  var colourSelect = document.getElementById("glx-colour");
  function relabel() {
    var lang = langSelect.value;
    nodes.update(nodes.get().map(function (n) { return {id: n.id, label: lang === "zh" ? n.label_zh : n.label_en}; }));
    document.querySelectorAll("[data-en]").forEach(function (el) {
      el.textContent = lang === "zh" ? el.getAttribute("data-zh") : el.getAttribute("data-en");
    });
  }
  function recolour() {
    if (!colourSelect) return;
    var key = "color_" + colourSelect.value;
    nodes.update(nodes.get().map(function (n) { return {id: n.id, color: n[key]}; }));
    document.querySelectorAll(".glx-legend[data-colour]").forEach(function (el) {
      el.hidden = el.getAttribute("data-colour") !== colourSelect.value;
    });
  }
  if (params.get("lang") === "zh") { langSelect.value = "zh"; }
  langSelect.addEventListener("change", relabel);
  if (colourSelect) { colourSelect.addEventListener("change", recolour); }
  relabel();
  recolour();
})();
</script>
"""


def side_by_side(en_zh: tuple[str, str]) -> str:
    """English and Chinese in one line, as tooltips and the toolbar's choices show them."""
    return " · ".join(en_zh)


def bilingual(en: str, zh: str) -> str:
    """A span the toolbar switches between English and Chinese."""
    return f'<span data-en="{escape(en)}" data-zh="{escape(zh)}">{escape(en, quote=False)}</span>'


def key(colour: str, en: str, zh: str, line: bool = False) -> str:
    """One legend entry: a dot (node colour) or a line (edge colour)."""
    mark = (
        f'<span class="glx-line" style="border-top-style:solid;border-top-color:{colour}"></span>'
        if line
        else f'<span class="glx-dot" style="background:{colour}"></span>'
    )
    return f'<span class="glx-key">{mark}{bilingual(en, zh)}</span>'


def toolbar(title_en: str, title_zh: str, legends: dict[str, str], colour_choices: bool) -> str:
    """The bar above a graph: title, language switch, colouring switch and legends.

    `legends` maps a colouring ('sides', 'glossary', or '' for always shown) to its legend HTML.
    """
    colour = (
        '<label>colour <select id="glx-colour">'
        f'<option value="sides">{escape(side_by_side(both("colour_sides")))}</option>'
        f'<option value="glossary">{escape(side_by_side(both("colour_glossary")))}</option></select></label>'
        if colour_choices
        else ""
    )
    blocks = "".join(
        f'<div class="glx-legend"{f" data-colour={chr(34)}{name}{chr(34)}" if name else ""}>{html}</div>'
        for name, html in legends.items()
    )
    return (
        f'<div class="glx-bar"><h1>{bilingual(title_en, title_zh)}</h1>'
        f'<label>labels <select id="glx-lang"><option value="en">{escape(text("language_name.en", "en"))}</option>'
        f'<option value="zh">{escape(text("language_name.zh", "zh"))}</option></select></label>'
        f"{colour}{blocks}</div>"
    )


def switch_script() -> str:
    """The script that makes the toolbar work; goes at the end of the page's body."""
    return _SWITCH_JS


TABLE_CSS = """
<style>
  table.heatmap { border-collapse: collapse; font-size: 12px; }
  table.heatmap th, table.heatmap td { border: 1px solid #fff; padding: 2px 4px; }
  table.heatmap td { text-align: center; min-width: 2.6em; cursor: help; }
  table.heatmap thead th { vertical-align: bottom; height: 12em; white-space: nowrap; }
  table.heatmap thead th span { writing-mode: vertical-rl; transform: rotate(180deg); display: inline-block; }
  table.heatmap tbody th { text-align: right; font-weight: normal; white-space: nowrap; }
</style>
"""


def document(title: str, body: str) -> str:
    """A minimal self-contained HTML page (inline styles, no external reference) around `body`."""
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"{PAGE_CSS}{TABLE_CSS}</head><body><main style='padding:1rem'>{body}</main></body></html>\n"
    )
