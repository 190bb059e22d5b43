"""OWL/XML, the one syntax pyoxigraph cannot read: converted to N-Triples through owlready2 (already a dependency).

owlready2 keeps what it reads in a SQLite quadstore; here that store is a file in the caller's work
folder, so a large ontology costs disk rather than memory, and the N-Triples are written from it.
"""

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


def owlxml_to_ntriples(path: Path, source: str, folder: Path) -> Path:
    """The triples of the OWL/XML document at `path`, written as N-Triples into `folder`.

    owlready2 reads it in a private World whose quadstore is a file in `folder`.
    """
    world = owlready2.World(filename=str(folder / "owlxml.sqlite3"))
    target = folder / "owlxml.nt"
    try:
        ontology = world.get_ontology(path.as_uri()).load(format="owlxml")
        ontology.save(file=str(target), format="ntriples")
    except Exception as err:  # owlready2 wraps expat and its own errors in several types
        raise InputError(Path(source), f"not valid OWL/XML: {err}") from None
    finally:
        world.close()
    return target
