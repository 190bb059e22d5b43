"""The baseline matcher: the Ontology Access Kit's `lexmatch` (`pip install 'govlex[link-eval]'`), run offline.

It is given exactly what `link suggest` is given — our concepts and one vocabulary's terms with their
English labels — written to a local Turtle file as OWL classes (the first label as `rdfs:label`, the
others as `skos:altLabel`, oboInOwl synonyms under their own property), and run with OAK's defaults
(case and whitespace normalisation, no rule file). Nothing else from either side goes in: the curated
mappings in particular stay out, since OAK would read them as evidence. OAK's import makes a pystow cache
folder (it downloads nothing for a local file); `PYSTOW_HOME` points it into the run's temporary folder
unless the caller has set it, so nothing is left in the user's home.
"""

import os
import tempfile
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import OWL, SKOS

from govlex.errors import GovlexError
from govlex.linking.mappings import Mapping
from govlex.linking.vocabulary import LOCAL_NAME, OBO_IN_OWL, Term

INSTALL_HINT = "the lexmatch baseline needs the link-eval extra: pip install 'govlex[link-eval]'"
TOOL = "oaklib lexmatch"


def as_owl(terms: list[Term]) -> Graph:
    """The terms as OWL classes carrying only their English labels."""
    graph = Graph()
    for term in terms:
        node = URIRef(term.iri)
        graph.add((node, RDF.type, OWL.Class))
        for position, (text, prop) in enumerate(term.labels):
            if position == 0 or prop == LOCAL_NAME:
                predicate = RDFS.label
            elif prop.startswith(OBO_IN_OWL):
                predicate = URIRef(prop)
            else:
                predicate = SKOS.altLabel
            graph.add((node, predicate, Literal(text)))
    return graph


def lexmatch(concepts: list[Term], terms: list[Term]) -> list[Mapping]:
    """OAK lexmatch's mappings between `concepts` and `terms`, as (concept → term) `Mapping`s."""
    ours, theirs = {c.iri for c in concepts}, {t.iri for t in terms}
    caller_set = "PYSTOW_HOME" in os.environ
    with tempfile.TemporaryDirectory(prefix="govlex-lexmatch-") as folder:
        if not caller_set:
            os.environ["PYSTOW_HOME"] = str(Path(folder) / "pystow")
        try:
            from oaklib import get_adapter
            from oaklib.utilities.lexical.lexical_indexer import create_lexical_index, lexical_index_to_sssom

            path = Path(folder) / "input.ttl"
            as_owl([*concepts, *terms]).serialize(path, format="turtle")
            adapter = get_adapter(str(path))
            frame = lexical_index_to_sssom(adapter, create_lexical_index(adapter))
        except ImportError:
            raise GovlexError(INSTALL_HINT) from None
        finally:
            if not caller_set:
                del os.environ["PYSTOW_HOME"]
    found: dict[tuple[str, str], Mapping] = {}
    for row in frame.df.to_dict("records"):
        subject = frame.converter.expand_or_standardize(row["subject_id"], passthrough=True)
        target = frame.converter.expand_or_standardize(row["object_id"], passthrough=True)
        if subject in theirs and target in ours:
            subject, target = target, subject
        if subject in ours and target in theirs:
            found[(subject, target)] = Mapping(
                subject,
                str(row["predicate_id"]),
                target,
                str(row["mapping_justification"]),
                confidence=float(row.get("confidence") or 0.0),
                mapping_tool=TOOL,
            )
    return list(found.values())
