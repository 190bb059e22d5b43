"""What the curation workbook holds: one sheet per kind of entity, one column per property.

Like a ROBOT template, each column says which property it fills and how a cell is read: a slug of
our own namespace, a reference (a slug, or a CURIE such as `party:us`), text in one language, a
plain or typed literal, a date (its precision picks xsd:date, gYearMonth or gYear). Multi-valued
cells separate their values with `SEPARATOR`. Citations and criterion claims, which are blank nodes
in Turtle, get sheets of their own, one row each. The last column of every entity sheet, `other`,
holds in Turtle whatever the columns do not cover, so no statement is ever lost on the way.
"""

from dataclasses import dataclass, field
from enum import Enum

from rdflib import DCTERMS, RDF, RDFS, SKOS, XSD, URIRef

from govlex.namespace import GLX, PREFIXES

SEPARATOR = " | "
"""Between the values of a multi-valued cell (a pipe with a space on each side)."""

PROV_ASSOCIATED = URIRef(PREFIXES["prov"] + "wasAssociatedWith")
SKOS_MATCHES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)


class Value(Enum):
    """How a cell's text becomes an RDF term."""

    SUBJECT = "subject"  # the row's own slug
    REF = "ref"  # slug in the column's namespace, or a CURIE / <IRI>
    TEXT = "text"  # literal in the column's language
    PLAIN = "plain"  # literal without language or datatype
    TYPED = "typed"  # literal of the column's datatype
    DATE = "date"  # xsd:date, xsd:gYearMonth or xsd:gYear by its form
    TURTLE = "turtle"  # predicate-object pairs in Turtle


@dataclass(frozen=True)
class Column:
    """One column: its header, what goes there, and how it maps to RDF."""

    header: str
    note: str
    value: Value
    predicate: URIRef | None = None
    namespace: str | None = None  # prefix name of REF/SUBJECT slugs
    lang: str | None = None
    datatype: URIRef | None = None
    multi: bool = False
    required: bool = False
    choices: str | None = None  # name of a controlled list (see `CONTROLLED_LISTS` in sheet_export)


@dataclass(frozen=True)
class Sheet:
    """One sheet: the class its rows are, the namespace of their slugs, and its columns."""

    name: str
    note: str
    classes: tuple[URIRef, ...]
    namespace: str
    columns: tuple[Column, ...]
    default_file: str  # where new entities go, relative to data/ (`{concept}` for interpretations)
    excluded: tuple[URIRef, ...] = field(default=())  # properties of these subjects another sheet owns

    def column(self, header: str) -> Column:
        return next(column for column in self.columns if column.header == header)


def _slug(namespace: str, what: str) -> Column:
    return Column(
        "slug",
        f"The {what}'s identifier: lower-case words joined by '-' (its IRI is {namespace}:slug).",
        Value.SUBJECT,
        namespace=namespace,
        required=True,
    )


def _text(
    header: str, predicate: URIRef, lang: str, note: str, multi: bool = False, required: bool = False
) -> Column:
    return Column(header, note, Value.TEXT, predicate, lang=lang, multi=multi, required=required)


def _ref(
    header: str, predicate: URIRef, namespace: str, note: str, multi: bool = True, **kw: object
) -> Column:
    return Column(header, note, Value.REF, predicate, namespace=namespace, multi=multi, **kw)  # type: ignore[arg-type]


OTHER = Column(
    "other",
    "Any further statements about this row, in Turtle ('predicate object ; predicate object'). Leave as exported.",
    Value.TURTLE,
)
VERIFICATION = Column(
    "verification",
    "'verified' if checked against a public copy of the source, else 'unverified'.",
    Value.PLAIN,
    GLX.verification,
    choices="verification",
)
EN, ZH = "en", "zh-Hans"

CONCEPTS = Sheet(
    "concepts",
    "Every concept of the glossaries: its labels in both languages, glossaries, relations and the divergence note.",
    (GLX.Concept,),
    "concept",
    (
        _slug("concept", "concept"),
        _text("label en", SKOS.prefLabel, EN, "The preferred English term (one).", required=True),
        _text(
            "label zh",
            SKOS.prefLabel,
            ZH,
            "The preferred Chinese term, simplified characters (one).",
            required=True,
        ),
        _text(
            "alt labels en", SKOS.altLabel, EN, "Other English terms: abbreviations, variants.", multi=True
        ),
        _text("alt labels zh", SKOS.altLabel, ZH, "Other Chinese terms.", multi=True),
        _ref(
            "glossaries",
            SKOS.inScheme,
            "glossary",
            "The glossaries that list it (us, cn, joint), and any term list a source gives (termlist:…).",
            choices="glossary",
        ),
        _ref("broader", SKOS.broader, "concept", "Broader concepts (slugs); the narrower link is inferred."),
        _ref("part of", GLX.partOf, "concept", "Concepts this one is a part of (slugs)."),
        _ref("precedes", GLX.precedes, "concept", "Concepts that come after this one in order (slugs)."),
        _ref("related", SKOS.related, "concept", "Related concepts (slugs), never also broader."),
        _ref(
            "overlaps with", GLX.overlapsWith, "concept", "Concepts whose scope overlaps this one's (slugs)."
        ),
        _ref("contrasts with", GLX.contrastsWith, "concept", "Concepts it is contrasted with (slugs)."),
        _text(
            "definition en",
            SKOS.definition,
            EN,
            "A short editorial definition in English, in govlex's words.",
        ),
        _text("definition zh", SKOS.definition, ZH, "The same in Chinese."),
        _text(
            "scope notes en",
            SKOS.scopeNote,
            EN,
            "International reference readings; cite them on 'citations'.",
            multi=True,
        ),
        _text("scope notes zh", SKOS.scopeNote, ZH, "The same in Chinese.", multi=True),
        _text("divergence note en", GLX.divergenceNote, EN, "How the two sides' readings differ."),
        _text("divergence note zh", GLX.divergenceNote, ZH, "The same in Chinese."),
        Column(
            "divergence kind",
            "scope, criterion, terminology or no divergence.",
            Value.REF,
            GLX.divergenceKind,
            namespace="glx",
            choices="divergence kind",
        ),
        _text(
            "notes en",
            SKOS.note,
            EN,
            "Editorial notes, e.g. which Chinese labels were not checked.",
            multi=True,
        ),
        OTHER,
    ),
    "concepts.ttl",
    excluded=SKOS_MATCHES,
)

INTERPRETATIONS = Sheet(
    "interpretations",
    "Each side's reading of a concept, in govlex's own words, with criteria and status; cite it on 'citations'.",
    (GLX.Interpretation, GLX.JointInterpretation),
    "interp",
    (
        _slug("interp", "reading"),
        Column(
            "type",
            "Interpretation (one side) or JointInterpretation.",
            Value.REF,
            RDF.type,
            namespace="glx",
            required=True,
            choices="interpretation type",
        ),
        _ref("concept", GLX.interprets, "concept", "The concept read (slug).", multi=False, required=True),
        _ref(
            "side",
            GLX.party,
            "party",
            "Whose reading: us or cn (both for a joint one).",
            required=True,
            choices="side",
        ),
        _ref(
            "stated by",
            GLX.statedBy,
            "agent",
            "The body whose text this reading reports (agent slug).",
            required=True,
        ),
        _text(
            "statement en",
            GLX.statement,
            EN,
            "The reading in one to three sentences, never pasted text.",
            required=True,
        ),
        _text("statement zh", GLX.statement, ZH, "The same in Chinese."),
        _ref("criteria", GLX.requiresCriterion, "criterion", "Every criterion the reading requires (slugs)."),
        Column(
            "status",
            "statusProposed, statusDiscussed, statusJointlyInterpreted or statusDivergent.",
            Value.REF,
            GLX.status,
            namespace="glx",
            required=True,
            choices="status",
        ),
        VERIFICATION,
        _text("comment en", RDFS.comment, EN, "What was and was not checked.", multi=True),
        OTHER,
    ),
    "interpretations/{concept}.ttl",
)

SOURCES = Sheet(
    "sources",
    "Every document cited anywhere.",
    (GLX.SourceDocument,),
    "source",
    (
        _slug("source", "document"),
        _text("title en", DCTERMS.title, EN, "The title in English.", required=True),
        _text("title zh", DCTERMS.title, ZH, "The Chinese title, when checked."),
        _ref("issuer", GLX.issuer, "agent", "Who issued it (agent slugs)."),
        Column(
            "issued", "Date as precise as checked: 2024-04-06, 2024-04 or 2024.", Value.DATE, DCTERMS.issued
        ),
        Column("jurisdiction", "CN, US, INT or EU.", Value.PLAIN, GLX.jurisdiction, choices="jurisdiction"),
        Column(
            "document type",
            "lawDocument, directiveDocument, standardDocument, …",
            Value.REF,
            GLX.documentType,
            namespace="glx",
            choices="document type",
        ),
        Column("identifier", "Its official number or code.", Value.PLAIN, DCTERMS.identifier, multi=True),
        Column("url", "An official address.", Value.TYPED, GLX.url, datatype=XSD.anyURI, multi=True),
        Column(
            "see also", "Pages the facts were checked on (<https://…>).", Value.REF, RDFS.seeAlso, multi=True
        ),
        VERIFICATION,
        _text("comment en", RDFS.comment, EN, "What was and was not checked.", multi=True),
        OTHER,
    ),
    "sources.ttl",
)

ROUNDS = Sheet(
    "rounds",
    "The dialogue's rounds whose date and place were verified.",
    (GLX.DialogueRound,),
    "round",
    (
        _slug("round", "round"),
        _text("label en", RDFS.label, EN, "e.g. Round 9.", required=True),
        _text("label zh", RDFS.label, ZH, "e.g. 第九轮对话."),  # data, not interface text
        Column("number", "The round's number.", Value.TYPED, GLX.roundNumber, datatype=XSD.positiveInteger),
        _ref("round of", GLX.roundOf, "dialogue", "The dialogue (CURIE).", multi=False),
        Column("date", "As precise as checked: 2024-02-01, 2024-02 or 2024.", Value.DATE, DCTERMS.date),
        _text("place en", GLX.place, EN, "Where it was held.", multi=True),
        _text("place zh", GLX.place, ZH, "The same in Chinese.", multi=True),
        _ref("discussed", GLX.discussed, "concept", "Concepts discussed (slugs)."),
        _ref("associated with", PROV_ASSOCIATED, "agent", "Organisations or people taking part (CURIEs)."),
        VERIFICATION,
        _text("comment en", RDFS.comment, EN, "Notes.", multi=True),
        OTHER,
    ),
    "dialogue.ttl",
)

CRITERIA = Sheet(
    "criteria",
    "Atomic definitional criteria that readings require and reference systems exhibit.",
    (GLX.Criterion,),
    "criterion",
    (
        _slug("criterion", "criterion"),
        _text("label en", SKOS.prefLabel, EN, "A short name.", required=True),
        _text("label zh", SKOS.prefLabel, ZH, "The same in Chinese."),
        _text("definition en", SKOS.definition, EN, "What a thing must be or do to meet it."),
        _text("definition zh", SKOS.definition, ZH, "The same in Chinese."),
        _ref("in scheme", SKOS.inScheme, "scheme", "The criteria scheme (scheme:criteria)."),
        _ref("top concept of", SKOS.topConceptOf, "scheme", "The same scheme when it is a top criterion."),
        _ref(
            "mutually exclusive with",
            GLX.mutuallyExclusiveWith,
            "criterion",
            "Criteria no system can exhibit with it.",
        ),
        OTHER,
    ),
    "criteria.ttl",
)

SYSTEMS = Sheet(
    "reference systems",
    "Publicly documented systems and the criteria they exhibit; each criterion is claimed on 'claims'.",
    (GLX.ReferenceSystem,),
    "system",
    (
        _slug("system", "system"),
        _text("label en", RDFS.label, EN, "Its name.", required=True),
        _text("label zh", RDFS.label, ZH, "The same in Chinese."),
        _ref("exhibits", GLX.exhibits, "criterion", "Criteria a cited source shows it exhibits (slugs)."),
        _text("comment en", RDFS.comment, EN, "What it is and which criteria were left out.", multi=True),
        OTHER,
    ),
    "reference-systems.ttl",
)

MAPPINGS = Sheet(
    "mappings",
    "Curated links to external vocabularies; each row also states the direct SKOS triple.",
    (GLX.Mapping,),
    "mapping",
    (
        _slug("mapping", "mapping"),
        _ref(
            "concept", GLX.mappingSubject, "concept", "The govlex concept (slug).", multi=False, required=True
        ),
        Column(
            "predicate",
            "skos:exactMatch, closeMatch, broadMatch, narrowMatch or relatedMatch.",
            Value.REF,
            GLX.mappingPredicate,
            namespace="skos",
            required=True,
            choices="mapping predicate",
        ),
        Column(
            "object",
            "The external term (CURIE such as vair:Autonomy, or <IRI>).",
            Value.REF,
            GLX.mappingObject,
            required=True,
        ),
        Column("object label", "The external term's label.", Value.PLAIN, GLX.mappingObjectLabel),
        Column(
            "justification",
            "A SEMAPV term, e.g. semapv:ManualMappingCuration.",
            Value.REF,
            GLX.mappingJustification,
            required=True,
        ),
        Column("confidence", "Between 0 and 1, e.g. 0.8.", Value.TYPED, GLX.confidence, datatype=XSD.decimal),
        _ref("creator", DCTERMS.creator, "agent", "Who reviewed it (agent slug).", multi=False),
        Column("date", "When it was reviewed (2026-11-26).", Value.DATE, DCTERMS.date),
        Column("tool", "The tool that proposed it.", Value.PLAIN, GLX.mappingTool),
        Column("comment", "Why the mapping holds, in words.", Value.PLAIN, RDFS.comment),
        VERIFICATION,
        OTHER,
    ),
    "mappings/{vocabulary}.ttl",
)

ENTITY_SHEETS = (CONCEPTS, INTERPRETATIONS, SOURCES, ROUNDS, CRITERIA, SYSTEMS, MAPPINGS)

CITATION_COLUMNS = (
    Column(
        "cited by",
        "The row the citation belongs to, as a CURIE: concept:autonomy, interp:…, round:9.",
        Value.REF,
        required=True,
    ),
    _ref(
        "source", GLX.source, "source", "The cited document (slug on 'sources').", multi=False, required=True
    ),
    Column(
        "locator",
        "Where in the document: article, section, paragraph, page or entry.",
        Value.PLAIN,
        GLX.locator,
        required=True,
    ),
    Column("verification", VERIFICATION.note, Value.PLAIN, GLX.verification, choices="verification"),
)
CLAIM_COLUMNS = (
    _ref("system", GLX.claim, "system", "The reference system (slug).", multi=False, required=True),
    _ref(
        "criterion",
        GLX.claimedCriterion,
        "criterion",
        "The criterion it exhibits (slug).",
        multi=False,
        required=True,
    ),
    Column(
        "verification",
        "Whether the claim was checked: verified or unverified.",
        Value.PLAIN,
        GLX.verification,
        choices="verification",
    ),
    *CITATION_COLUMNS[1:3],
    Column("citation verification", VERIFICATION.note, Value.PLAIN, GLX.verification, choices="verification"),
)
CITATIONS_SHEET = "citations"
CLAIMS_SHEET = "claims"
SHEET_NAMES = (*(sheet.name for sheet in ENTITY_SHEETS), CITATIONS_SHEET, CLAIMS_SHEET)
