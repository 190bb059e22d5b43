"""How to cite a govlex page: its stable IRI, title and build date, in a plain style, as BibTeX and as CSL-JSON.

Every page shows these in its "cite this" block; the date is the build's (`build_date`), so a citation
names the state of the graph that was read.
"""

import json
import re
from dataclasses import dataclass

from govlex.catalog import PREFIXES
from govlex.store import QueryStore

PUBLISHER = "govlex"
DATASET_IRI = "https://w3id.org/govlex/dataset"


def build_date(store: QueryStore) -> str:
    """The day the store's build ran (`YYYY-MM-DD`, from its `glx:BuildRun`), '' when none is recorded;
    read once per store (every page's "cite this" shows it)."""

    def read() -> str:
        rows = store.select(
            PREFIXES
            + """SELECT ?t WHERE { ?run a glx:BuildRun ; prov:startedAtTime ?t } ORDER BY DESC(?t) LIMIT 1"""
        )
        return rows[0]["t"].value[:10] if rows else ""

    return store.derived("build_date", read)


@dataclass(frozen=True)
class Citable:
    """What a citation names: the thing's IRI, its title in the page's language, the build date."""

    iri: str
    title: str
    date: str

    def plain(self) -> str:
        """'govlex. "Lethality." Knowledge graph entry, built 2026-12-02. https://w3id.org/govlex/id/concept/lethality'.

        >>> Citable("https://w3id.org/govlex/id/concept/x", "X", "2026-12-02").plain()
        'govlex. "X." Knowledge graph entry, built 2026-12-02. https://w3id.org/govlex/id/concept/x'
        """
        built = f", built {self.date}" if self.date else ""
        return f'{PUBLISHER}. "{self.title}." Knowledge graph entry{built}. {self.iri}'

    def key(self) -> str:
        """A BibTeX key from the IRI's path: 'govlex-concept-lethality'.

        >>> Citable("https://w3id.org/govlex/id/concept/lethality", "", "").key()
        'govlex-concept-lethality'
        """
        path = self.iri.split("/govlex/", 1)[-1].removeprefix("id/")
        return "govlex-" + re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-")

    def bibtex(self) -> str:
        """A `@misc` entry; the author is the project (double braces keep it one corporate name).

        >>> print(Citable("https://w3id.org/govlex/id/round/9", "Round {9}", "2026-12-02").bibtex())
        @misc{govlex-round-9,
          title = {Round \\{9\\}},
          author = {{govlex}},
          year = {2026},
          date = {2026-12-02},
          howpublished = {\\url{https://w3id.org/govlex/id/round/9}},
          url = {https://w3id.org/govlex/id/round/9},
          note = {Knowledge graph entry}
        }
        """
        title = self.title.replace("{", r"\{").replace("}", r"\}")
        fields = [("title", title), ("author", "{" + PUBLISHER + "}")]
        if self.date:
            fields += [("year", self.date[:4]), ("date", self.date)]
        fields += [
            ("howpublished", r"\url{" + self.iri + "}"),
            ("url", self.iri),
            ("note", "Knowledge graph entry"),
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        return f"@misc{{{self.key()},\n{body}\n}}"

    def csl(self) -> str:
        """CSL-JSON (one item, type `dataset`), as the citation processors read it."""
        item: dict[str, object] = {
            "id": self.key(),
            "type": "dataset",
            "title": self.title,
            "author": [{"literal": PUBLISHER}],
            "publisher": PUBLISHER,
            "URL": self.iri,
        }
        if self.date:
            item["issued"] = {"date-parts": [[int(part) for part in self.date.split("-")]]}
        return json.dumps([item], ensure_ascii=False, indent=2)
