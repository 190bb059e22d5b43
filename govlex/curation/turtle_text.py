"""Edit hand-written Turtle files statement by statement, so an edit touches only what changed.

A curated file is read as its text: directives and comments, then statements (`subject p o ; p o .`),
each cut into predicate segments at the top-level `;`. Each segment is parsed on its own into
*canonical triples*, where a blank node (a citation, a claim) is replaced by the frozen set of its own
description, so that two readings of the same file compare equal. `rewrite` then takes the triples a file
should hold and writes back only the segments whose triples changed: unchanged segments keep their text
byte for byte (comments, alignment, line breaks), so export-then-import changes nothing and a real edit
shows as a small `git diff`.
"""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from govlex.namespace import PREFIXES

# A canonical object: an IRI, a literal, or a blank node's description as a frozen set of (predicate, object).
Canon = URIRef | Literal | tuple[str, frozenset[tuple[URIRef, "Canon"]]]
Triple = tuple[URIRef, URIRef, Canon]

_PREFIX_LINE = re.compile(r"@prefix\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>\s*\.", re.IGNORECASE)
_SPARQL_PREFIX = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)


def canon(graph: Graph, term: Node) -> Canon:
    """`term` with blank nodes replaced by their (recursively canonical) descriptions."""
    if isinstance(term, BNode):
        return ("[]", frozenset((p, canon(graph, o)) for p, o in graph.predicate_objects(term)))  # type: ignore[misc]
    assert isinstance(term, URIRef | Literal)
    return term


def canonical_triples(graph: Graph) -> set[Triple]:
    """The triples of `graph` whose subject is an IRI, blank-node objects folded into their descriptions."""
    return {
        (s, p, canon(graph, o))  # type: ignore[misc]
        for s, p, o in graph
        if isinstance(s, URIRef)
    }


@dataclass
class Segment:
    """One `predicate objects` part of a statement, with the text it was read from (None when new)."""

    predicate: URIRef
    objects: list[Canon]
    text: str | None = None


@dataclass
class Statement:
    """One top-level statement: its subject, its segments, and where it sits in the file text."""

    subject: URIRef
    subject_text: str
    segments: list[Segment]
    start: int
    end: int  # just past the closing "."


@dataclass
class TurtleFile:
    """A Turtle file read for editing: its text, its prefixes and its statements in order."""

    text: str
    prefixes: dict[str, str] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)

    def triples(self) -> set[Triple]:
        return {
            (st.subject, seg.predicate, o)
            for st in self.statements
            for seg in st.segments
            for o in seg.objects
        }


def _skip_string(text: str, i: int) -> int:
    """Index just past the string literal starting at `i`."""
    quote = text[i]
    if text.startswith(quote * 3, i):
        end = text.find(quote * 3, i + 3)
        while end != -1 and _escaped(text, end):
            end = text.find(quote * 3, end + 1)
        return len(text) if end == -1 else end + 3
    j = i + 1
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text[j] == quote:
            return j + 1
        j += 1
    return j


def _escaped(text: str, i: int) -> bool:
    backslashes = 0
    while i - 1 - backslashes >= 0 and text[i - 1 - backslashes] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _cut(text: str, start: int) -> tuple[int, list[tuple[int, int]]]:
    """From a statement's start: the index just past its final `.`, and the spans between top-level `;`."""
    depth = 0
    i = start
    parts: list[tuple[int, int]] = []
    part_start = start
    while i < len(text):
        ch = text[i]
        if ch in "\"'":
            i = _skip_string(text, i)
            continue
        if ch == "<":
            i = text.index(">", i) + 1
            continue
        if ch == "#":
            newline = text.find("\n", i)
            i = len(text) if newline == -1 else newline
            continue
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        elif depth == 0 and ch == ";":
            parts.append((part_start, i))
            part_start = i + 1
        elif depth == 0 and ch == "." and (i + 1 == len(text) or text[i + 1].isspace()):
            parts.append((part_start, i))
            return i + 1, parts
        i += 1
    raise ValueError("statement without a closing '.'")


def _header(prefixes: dict[str, str]) -> str:
    return "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in prefixes.items())


def read(text: str) -> TurtleFile:
    """Read Turtle `text` into statements and segments (raises ValueError on text it cannot follow).

    >>> f = read('@prefix ex: <http://e/> .\\n# note\\nex:a ex:p "x"@en , "y"@en ;\\n    ex:q ex:b .\\n')
    >>> [(str(seg.predicate), len(seg.objects)) for seg in f.statements[0].segments]
    [('http://e/p', 2), ('http://e/q', 1)]
    """
    turtle = TurtleFile(text)
    spans: list[tuple[int, int, list[tuple[int, int]]]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == "#":
            newline = text.find("\n", i)
            i = len(text) if newline == -1 else newline
        elif ch == "@" or text[i : i + 6].upper() in ("PREFIX", "BASE "):
            match = _PREFIX_LINE.match(text, i) or _SPARQL_PREFIX.match(text, i)
            if match:
                turtle.prefixes[match.group(1) or ""] = match.group(2)
            newline = text.find("\n", i)
            i = len(text) if newline == -1 else newline
        else:
            end, parts = _cut(text, i)
            spans.append((i, end, parts))
            i = end
    subjects = [_subject(text, start, parts, turtle.prefixes) for start, _, parts in spans]
    repeated = {subject for subject, times in Counter(subjects).items() if times > 1}
    whole = Graph()
    whole.parse(data=text, format="turtle")
    for (start, end, parts), subject in zip(spans, subjects, strict=True):
        graph = whole
        if subject in repeated:  # several statements about one subject: each must be read on its own
            graph = Graph()
            graph.parse(data=f"{_header(turtle.prefixes)}{text[start:end]}\n", format="turtle")
        turtle.statements.append(_statement(text, start, end, parts, subject, graph, turtle.prefixes))
    return turtle


def _subject(text: str, start: int, parts: list[tuple[int, int]], prefixes: dict[str, str]) -> URIRef:
    match = re.match(r"(<[^>]*>|[^\s<]+)\s+", text[start : parts[0][1]])
    if match is None:
        raise ValueError(f"cannot read the subject at offset {start}")
    return _resolve(match.group(1), prefixes)


def _statement(
    text: str,
    start: int,
    end: int,
    parts: list[tuple[int, int]],
    subject: URIRef,
    graph: Graph,
    prefixes: dict[str, str],
) -> Statement:
    subject_text = re.match(r"(<[^>]*>|[^\s<]+)", text[start:end]).group(1)  # type: ignore[union-attr]
    parts = [(start + len(subject_text), parts[0][1]), *parts[1:]]
    segments: list[Segment] = []
    for part_start, part_end in parts:
        body = text[part_start:part_end]
        code = _code(body)
        if not code:
            continue  # the empty part after a trailing ';'
        token = code.split(None, 1)[0]
        predicate = RDF.type if token == "a" else _resolve(token, prefixes)
        objects = [canon(graph, o) for o in graph.objects(subject, predicate)]
        segments.append(Segment(predicate, _ordered(objects, body, prefixes), body))
    if len({seg.predicate for seg in segments}) != len(segments):
        raise ValueError(
            f"{subject_text}: a predicate written twice in one statement; join its objects with ','"
        )
    return Statement(subject, subject_text, segments, start, end)


def _resolve(token: str, prefixes: dict[str, str]) -> URIRef:
    if token.startswith("<"):
        return URIRef(token[1:-1])
    name, _, local = token.partition(":")
    return URIRef(prefixes[name] + local)


def _code(body: str) -> str:
    """`body` without comments and whitespace (to tell an empty segment)."""
    return re.sub(r"#[^\n]*", "", body).strip()


def _ordered(objects: Iterable[Canon], body: str, prefixes: dict[str, str]) -> list[Canon]:
    """Objects in the order they are written in `body` (rdflib's graph forgets it)."""

    def position(obj: Canon) -> int:
        found = body.find(term_text(obj, prefixes)) if not isinstance(obj, tuple) else -1
        return found if found >= 0 else len(body)

    return sorted(set(objects), key=lambda o: (position(o), term_text(o, prefixes)))


def qname(iri: URIRef, prefixes: dict[str, str]) -> str:
    """`iri` as `prefix:local` with the longest matching declared prefix, else `<iri>`."""
    best = ""
    best_name = ""
    for name, namespace in prefixes.items():
        if iri.startswith(namespace) and len(namespace) > len(best):
            local = iri[len(namespace) :]
            if re.fullmatch(r"[\w-]([\w.-]*[\w-])?", local):
                best, best_name = namespace, name
    return f"{best_name}:{iri[len(best) :]}" if best else f"<{iri}>"


def _string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


_BARE = {XSD.integer, XSD.boolean}


def term_text(term: Canon, prefixes: dict[str, str]) -> str:
    """The Turtle text of a canonical term in the project's style.

    >>> term_text(Literal("自主", lang="zh-Hans"), {})
    '"自主"@zh-Hans'
    """
    if isinstance(term, tuple):
        pairs = sorted(term[1], key=lambda po: (po[0] != RDF.type, _NESTED_ORDER.get(po[0], 99), str(po[0])))
        inner = " ; ".join(
            f"{'a' if p == RDF.type else qname(p, prefixes)} {term_text(o, prefixes)}" for p, o in pairs
        )
        return f"[ {inner} ]"
    if isinstance(term, URIRef):
        return qname(term, prefixes)
    if term.datatype in _BARE:
        return str(term)
    text = _string(str(term))
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype is not None:
        return f"{text}^^{qname(term.datatype, prefixes)}"
    return text


def _nested_order() -> dict[URIRef, int]:
    glx = PREFIXES["glx"]
    names = ["claimedCriterion", "source", "locator", "citation", "verification"]
    return {URIRef(glx + name): rank for rank, name in enumerate(names)}


_NESTED_ORDER = _nested_order()


def _segment_text(segment: Segment, prefixes: dict[str, str]) -> str:
    predicate = "a" if segment.predicate == RDF.type else qname(segment.predicate, prefixes)
    objects = [term_text(o, prefixes) for o in segment.objects]
    one_line = f"{predicate} {' , '.join(objects)}"
    if len(one_line) <= 110 or len(objects) == 1:
        return one_line
    indent = " " * (4 + len(predicate) + 1)
    return f"{predicate} " + f" ,\n{indent}".join(objects)


def _statement_text(statement: Statement, prefixes: dict[str, str]) -> str:
    parts = [
        seg.text.strip() if seg.text is not None else _segment_text(seg, prefixes)
        for seg in statement.segments
    ]
    return f"{statement.subject_text} " + " ;\n    ".join(parts) + " ."


def rewrite(
    turtle: TurtleFile,
    wanted: set[Triple],
    predicate_order: dict[URIRef, int],
    namespaces: dict[str, str] | None = None,
) -> str:
    """The file's text changed so that it holds exactly `wanted`, touching only statements that change.

    New predicates go after a subject's existing ones, ordered by `predicate_order`; new subjects are
    appended at the end; a statement left empty is removed with its following blank line. Prefixes the
    new text needs are declared from `namespaces` (default: govlex's) after the file's last prefix line.
    """
    if turtle.triples() == wanted:
        return turtle.text
    prefixes = dict(turtle.prefixes)
    known = dict(PREFIXES if namespaces is None else namespaces)
    by_subject: dict[URIRef, dict[URIRef, set[Canon]]] = {}
    for s, p, o in wanted:
        by_subject.setdefault(s, {}).setdefault(p, set()).add(o)
    placed: set[Triple] = set()
    replacements: list[tuple[int, int, str]] = []
    first_statement: dict[URIRef, Statement] = {}
    first_segment: dict[tuple[URIRef, URIRef], Segment] = {}
    written: dict[tuple[URIRef, URIRef], set[Canon]] = {}
    for statement in turtle.statements:
        first_statement.setdefault(statement.subject, statement)
        for segment in statement.segments:
            first_segment.setdefault((statement.subject, segment.predicate), segment)
            written.setdefault((statement.subject, segment.predicate), set()).update(segment.objects)
    # Wanted triples whose predicate a statement of the file already writes: they are placed in that
    # predicate's segments, never as a second segment of the subject's first statement.
    segment_owned = {(s, p, o) for (s, p) in written for o in by_subject.get(s, {}).get(p, ())}
    new_statements: dict[URIRef, Statement] = {}
    for statement in turtle.statements:
        segments: list[Segment] = []
        changed = False
        for segment in statement.segments:
            want = by_subject.get(statement.subject, {}).get(segment.predicate, set())
            keep = [
                o
                for o in segment.objects
                if o in want and (statement.subject, segment.predicate, o) not in placed
            ]
            if first_segment[(statement.subject, segment.predicate)] is segment:
                # New objects of a predicate join its first segment, where a reader looks for them.
                fresh = want - written[(statement.subject, segment.predicate)]
                keep += sorted(fresh, key=lambda o: term_text(o, prefixes))
            if keep == segment.objects:
                segments.append(segment)
            else:
                changed = True
                if keep:
                    segments.append(Segment(segment.predicate, keep))
            placed.update((statement.subject, segment.predicate, o) for o in keep)
        if statement is first_statement[statement.subject]:
            missing = _missing(statement.subject, by_subject, placed | segment_owned, prefixes)
            placed.update((statement.subject, seg.predicate, o) for seg in missing for o in seg.objects)
            segments.extend(sorted(missing, key=lambda seg: predicate_order.get(seg.predicate, 999)))
            changed = changed or bool(missing)
        if changed:
            rebuilt = Statement(
                statement.subject, statement.subject_text, segments, statement.start, statement.end
            )
            replacements.append(
                (statement.start, statement.end, _statement_text(rebuilt, prefixes) if segments else "")
            )
    for subject in sorted(by_subject, key=str):
        missing = _missing(subject, by_subject, placed, prefixes)
        if missing:
            placed.update((subject, seg.predicate, o) for seg in missing for o in seg.objects)
            segments = sorted(
                missing, key=lambda seg: (seg.predicate != RDF.type, predicate_order.get(seg.predicate, 999))
            )
            new_statements[subject] = Statement(subject, "", segments, 0, 0)
    needed = _needed_prefixes(wanted, prefixes, known)
    prefixes.update(needed)
    text = turtle.text
    for start, end, replacement in sorted(replacements, reverse=True):
        text = text[:start] + replacement + text[end:] if replacement else _drop(text, start, end)
    if new_statements:
        blocks = []
        for subject, statement in new_statements.items():
            statement.subject_text = qname(subject, prefixes)
            blocks.append(_statement_text(statement, prefixes))
        text = text.rstrip("\n") + ("\n\n" if text.strip() else "") + "\n\n".join(blocks) + "\n"
    if needed:
        text = _declare(text, needed)
    return text


def _missing(
    subject: URIRef,
    by_subject: dict[URIRef, dict[URIRef, set[Canon]]],
    placed: set[Triple],
    prefixes: dict[str, str],
) -> list[Segment]:
    segments = []
    for predicate, objects in by_subject.get(subject, {}).items():
        rest = [o for o in objects if (subject, predicate, o) not in placed]
        if rest:
            segments.append(Segment(predicate, sorted(rest, key=lambda o: term_text(o, prefixes))))
    return segments


def _drop(text: str, start: int, end: int) -> str:
    """`text` without the statement at start:end and the blank line that separated it from the next."""
    line_start = text.rfind("\n", 0, start) + 1
    after = end
    while after < len(text) and text[after] in " \t":
        after += 1
    if text.startswith("\n\n", after):
        after += 2
    elif text.startswith("\n", after):
        after += 1
    return text[:line_start] + text[after:]


def _iris(term: Canon) -> Iterable[URIRef]:
    if isinstance(term, tuple):
        for p, o in term[1]:
            if p != RDF.type:
                yield p
            yield from _iris(o)
    elif isinstance(term, URIRef):
        yield term
    elif term.datatype is not None and term.datatype not in _BARE:
        yield URIRef(term.datatype)


def _needed_prefixes(wanted: set[Triple], prefixes: dict[str, str], known: dict[str, str]) -> dict[str, str]:
    needed: dict[str, str] = {}
    for s, p, o in wanted:
        for iri in (s, *([] if p == RDF.type else [p]), *_iris(o)):
            if qname(iri, prefixes | needed).startswith("<"):
                for name, namespace in known.items():
                    if iri.startswith(namespace) and name not in prefixes:
                        needed[name] = namespace
    return needed


def _declare(text: str, needed: dict[str, str]) -> str:
    lines = "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in sorted(needed.items()))
    matches = list(re.finditer(r"^@prefix[^\n]*\n", text, re.MULTILINE))
    at = matches[-1].end() if matches else 0
    return text[:at] + lines + text[at:]
