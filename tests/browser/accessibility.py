"""axe-core, from its npm package (`npm ci` installs it from package.json), run inside a page."""

from typing import Any

from helpers import ROOT
from playwright.sync_api import Page

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = {"serious", "critical"}


def serious_violations(page: Page) -> list[dict[str, Any]]:
    """axe's WCAG 2 A/AA violations of `page` whose impact is serious or critical, with where they are.

    The script is injected from the local file, so it adds no request to the page's own."""
    if not AXE.is_file():
        raise AssertionError(f"{AXE} is missing: run `npm ci` (the Makefile's test target does)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "where": [n["target"] for n in v["nodes"][:5]],
        }
        for v in result["violations"]
        if v["impact"] in SERIOUS
    ]
