"""OWL/XML, the one syntax pyoxigraph cannot read: converted to N-Triples through owlready2 (already a dependency).

owlready2 keeps what it reads in a SQLite quadstore; here that store is a file in the caller's work
folder, so a large ontology costs disk rather than memory, and the N-Triples are written from it.
"""

import re
import sys
from pathlib import Path

import owlready2

from govlex.errors import InputError

_WHERE = re.compile(r"line (\d+), column (\d+)")


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
    # owlready2 prints the parser's traceback through sys.excepthook; keep the exception instead.
    seen: list[BaseException] = []
    hook, sys.excepthook = sys.excepthook, lambda kind, error, trace: seen.append(error)
    try:
        ontology = world.get_ontology(path.as_uri()).load(format="owlxml")
        ontology.save(file=str(target), format="ntriples")
    except Exception as err:  # owlready2 wraps expat and its own errors in several types
        raise _error(source, err, seen) from None
    finally:
        sys.excepthook = hook
        world.close()
    return target


def _error(source: str, err: Exception, seen: list[BaseException]) -> InputError:
    """One line: where owlready2 says the parse stopped, and the first underlying error."""
    where = _WHERE.search(str(err))
    cause: BaseException = seen[0] if seen else err
    while cause.__cause__ is not None:  # the parser's own error, under owlready2's wrapping
        cause = cause.__cause__
    reason = f"{type(cause).__name__} {cause}" if cause is not err else str(err)
    column = f" (column {where.group(2)})" if where else ""
    return InputError(
        Path(source), f"not valid OWL/XML{column}: {reason}", line=int(where.group(1)) if where else None
    )
