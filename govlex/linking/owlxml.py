"""OWL/XML, the one syntax pyoxigraph cannot read: converted to N-Triples through owlready2 (already a dependency)."""

import tempfile
from pathlib import Path

import owlready2

from govlex.errors import InputError


def looks_like_owlxml(head: bytes) -> bool:
    """True for an OWL/XML document (root element `Ontology` in the OWL namespace, not `rdf:RDF`).

    >>> looks_like_owlxml(b'<?xml version="1.0"?><Ontology xmlns="http://www.w3.org/2002/07/owl#">')
    True
    >>> looks_like_owlxml(b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x"><owl:Ontology/></rdf:RDF>')
    False
    """
    return b"<Ontology" in head and b"<rdf:RDF" not in head


def owlxml_to_ntriples(data: bytes, source: str) -> bytes:
    """The triples of an OWL/XML document as N-Triples, read by owlready2 in a private World."""
    with tempfile.TemporaryDirectory(prefix="govlex-owlxml-") as tmp:
        path = Path(tmp) / "ontology.owx"
        path.write_bytes(data)
        world = owlready2.World()
        try:
            ontology = world.get_ontology(path.as_uri()).load(format="owlxml")
            ontology.save(file=str(Path(tmp) / "ontology.nt"), format="ntriples")
        except Exception as err:  # owlready2 wraps expat and its own errors in several types
            raise InputError(Path(source), f"not valid OWL/XML: {err}") from None
        finally:
            world.close()
        return (Path(tmp) / "ontology.nt").read_bytes()
