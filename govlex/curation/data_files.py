"""The curated Turtle files of `data/` read for the round trip: statements in file order, and who owns what.

Both directions of the spreadsheet round trip start here: the export walks subjects in the order
they are written, the import decides which statements the workbook speaks for (the *owned* ones) and
which file each statement belongs in.
"""

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, URIRef

from govlex.curation.sheet_model import ENTITY_SHEETS, MAPPINGS, SKOS_MATCHES, Sheet
from govlex.curation.turtle_text import Canon, Triple, TurtleFile, read
from govlex.errors import InputError
from govlex.loading import data_files
from govlex.namespace import PREFIXES


@dataclass
class CuratedData:
    """Every file under a data folder, read for editing."""

    root: Path
    files: dict[Path, TurtleFile]
    subjects: dict[URIRef, dict[URIRef, list[Canon]]] = field(default_factory=dict)
    """Each subject's predicates and objects, in the order the files write them."""
    sheet_of: dict[URIRef, Sheet] = field(default_factory=dict)
    """Which entity sheet each typed subject belongs on."""

    @property
    def namespaces(self) -> dict[str, str]:
        """Every prefix the files declare, then govlex's own, for reading and writing CURIEs."""
        merged = dict(PREFIXES)
        for turtle in self.files.values():
            merged.update({name: iri for name, iri in turtle.prefixes.items() if name})
        return merged

    def owns(self, triple: Triple) -> bool:
        """True when the workbook speaks for `triple` (so the import may change or drop it)."""
        subject, predicate, _ = triple
        sheet = self.sheet_of.get(subject)
        if predicate in SKOS_MATCHES and (sheet is None or sheet.name == "concepts"):
            return True  # the direct triple of a mapping row
        return sheet is not None and predicate not in sheet.excluded

    def triples(self) -> set[Triple]:
        return {triple for turtle in self.files.values() for triple in turtle.triples()}


def read_data(root: Path | None = None) -> CuratedData:
    """Read every `.ttl` under `root` (default: the bundled data/); a file it cannot follow is an InputError."""
    paths = data_files(root)
    base = root or (paths[0].parent if paths else Path("data"))
    files: dict[Path, TurtleFile] = {}
    for path in paths:
        try:
            files[path] = read(path.read_text(encoding="utf-8"))
        except (ValueError, SyntaxError) as err:
            raise InputError(path, f"cannot read for editing: {err}") from None
    data = CuratedData(base, files)
    by_class = {cls: sheet for sheet in ENTITY_SHEETS for cls in sheet.classes}
    for turtle in files.values():
        for statement in turtle.statements:
            described = data.subjects.setdefault(statement.subject, {})
            for segment in statement.segments:
                objects = described.setdefault(segment.predicate, [])
                objects.extend(o for o in segment.objects if o not in objects)
                if segment.predicate == RDF.type:
                    for cls in segment.objects:
                        if cls in by_class and statement.subject not in data.sheet_of:
                            data.sheet_of[statement.subject] = by_class[cls]  # type: ignore[index]
    return data


def mapping_file_for(data: CuratedData, obj: URIRef) -> str:
    """The mappings file a new mapping to `obj` goes in: the one declaring its namespace, else one named after it."""
    for path, turtle in sorted(data.files.items()):
        if path.parent.name == "mappings":
            for name, namespace in turtle.prefixes.items():
                if name and obj.startswith(namespace) and namespace not in PREFIXES.values():
                    return str(path.relative_to(data.root))
    for name, namespace in data.namespaces.items():
        if obj.startswith(namespace):
            return MAPPINGS.default_file.format(vocabulary=name)
    return MAPPINGS.default_file.format(vocabulary="other")
