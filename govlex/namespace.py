"""Every namespace govlex uses, written once: the closed `GLX` term list, the IRI bases of individuals and
named graphs, the standard vocabularies, their prefixes, and the SPARQL prologue built from them.
Other modules import these names; none spells a namespace IRI itself (`tests/issues/test_13_vocabulary.py`).

`GLX` is a closed rdflib `DefinedNamespace`: a misspelt term raises at import time instead of
silently minting a new IRI. `tests/test_namespace.py` keeps it equal to the terms `ontology/` declares.

>>> GLX.Concept
rdflib.term.URIRef('https://w3id.org/govlex/ontology#Concept')
>>> id_iri('concept', 'lethality')
rdflib.term.URIRef('https://w3id.org/govlex/id/concept/lethality')
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = URIRef("https://w3id.org/govlex/ontology")
GLX_NS = "https://w3id.org/govlex/ontology#"
ID_BASE = "https://w3id.org/govlex/id/"
GRAPH_BASE = "https://w3id.org/govlex/graph/"
SHAPES = Namespace("https://w3id.org/govlex/shapes#")
QUERIES = Namespace("https://w3id.org/govlex/queries#")

# The standard vocabularies, as IRI strings (pyoxigraph takes strings; rdflib code wraps them).
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
FOAF = "http://xmlns.com/foaf/0.1/"
ORG = "http://www.w3.org/ns/org#"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = RDF + "type"


class GLX(DefinedNamespace):
    """The govlex T-box, `https://w3id.org/govlex/ontology#`."""

    _NS = Namespace(GLX_NS)
    _fail = True  # rdflib only warns on unknown names unless told to fail

    BuildRun: URIRef
    Citation: URIRef
    Concept: URIRef
    Criterion: URIRef
    CriterionClaim: URIRef
    Dialogue: URIRef
    DialogueRound: URIRef
    DivergenceKind: URIRef
    DocumentType: URIRef
    Event: URIRef
    Evidence: URIRef
    EvidenceKind: URIRef
    Finding: URIRef
    Glossary: URIRef
    GovernancePathway: URIRef
    Interpretation: URIRef
    InterpretationStatus: URIRef
    JointInterpretation: URIRef
    Mapping: URIRef
    MirrorDomain: URIRef
    Party: URIRef
    Rationale: URIRef
    ReferenceSystem: URIRef
    ResponseMechanism: URIRef
    Risk: URIRef
    Scenario: URIRef
    SourceDocument: URIRef
    TermList: URIRef
    TermTally: URIRef
    WorkingGroup: URIRef
    aboutConcept: URIRef
    aboutRisk: URIRef
    answersRisk: URIRef
    checkedOn: URIRef
    citation: URIRef
    claim: URIRef
    claimedCriterion: URIRef
    compiledBy: URIRef
    concerns: URIRef
    confidence: URIRef
    consistent: URIRef
    contrastsWith: URIRef
    countedParty: URIRef
    countedStatus: URIRef
    country: URIRef
    covers: URIRef
    criterionDivergence: URIRef
    declarationDocument: URIRef
    directiveDocument: URIRef
    discussed: URIRef
    disjointInScopeWith: URIRef
    divergenceKind: URIRef
    divergenceNote: URIRef
    documentType: URIRef
    domainName: URIRef
    editorialNote: URIRef
    equivalentInScopeTo: URIRef
    evidence: URIRef
    evidenceKind: URIRef
    exhibits: URIRef
    findingOf: URIRef
    frameworkDocument: URIRef
    glossaryDocument: URIRef
    hasPart: URIRef
    inputHash: URIRef
    interprets: URIRef
    involvesConcept: URIRef
    issuer: URIRef
    jurisdiction: URIRef
    lawDocument: URIRef
    locator: URIRef
    mappingJustification: URIRef
    mappingObject: URIRef
    mappingObjectLabel: URIRef
    mappingPredicate: URIRef
    mappingSubject: URIRef
    mappingTool: URIRef
    mirrorEvidence: URIRef
    motivates: URIRef
    mutuallyExclusiveWith: URIRef
    narrowerInScopeThan: URIRef
    noDivergence: URIRef
    officialEvidence: URIRef
    overlapsWith: URIRef
    partOf: URIRef
    participant: URIRef
    party: URIRef
    place: URIRef
    positionPaperDocument: URIRef
    precedes: URIRef
    publishedAs: URIRef
    raisesRisk: URIRef
    reasoner: URIRef
    reportDocument: URIRef
    representedBy: URIRef
    reputableSecondaryEvidence: URIRef
    requiresCriterion: URIRef
    roundNumber: URIRef
    roundOf: URIRef
    scopeDivergence: URIRef
    seenAt: URIRef
    source: URIRef
    standardDocument: URIRef
    statedBy: URIRef
    statement: URIRef
    status: URIRef
    statusDiscussed: URIRef
    statusDivergent: URIRef
    statusJointlyInterpreted: URIRef
    statusProposed: URIRef
    statusRecorded: URIRef
    studiedBy: URIRef
    tallyOf: URIRef
    termCount: URIRef
    terminologyDivergence: URIRef
    url: URIRef
    verification: URIRef
    workingGroupOf: URIRef


def id_iri(kind: str, slug: str) -> URIRef:
    """The IRI of an individual: `https://w3id.org/govlex/id/{kind}/{slug}`."""
    return URIRef(f"{ID_BASE}{kind}/{slug}")


def graph_iri(name: str) -> URIRef:
    """The IRI of a named graph of the store: ontology, data, inferred, or external/<name>."""
    return URIRef(f"{GRAPH_BASE}{name}")


ONTOLOGY_GRAPH = graph_iri("ontology")
DATA_GRAPH = graph_iri("data")
INFERRED_GRAPH = graph_iri("inferred")

PREFIXES: dict[str, str] = {
    "glx": GLX_NS,
    "skos": SKOS,
    "dct": DCT,
    "prov": PROV,
    "foaf": FOAF,
    "org": ORG,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "concept": ID_BASE + "concept/",
    "interp": ID_BASE + "interpretation/",
    "source": ID_BASE + "source/",
    "party": ID_BASE + "party/",
    "glossary": ID_BASE + "glossary/",
    "agent": ID_BASE + "agent/",
    "person": ID_BASE + "person/",
    "round": ID_BASE + "round/",
    "criterion": ID_BASE + "criterion/",
    "system": ID_BASE + "system/",
}


def sparql_prologue(*names: str) -> str:
    """`PREFIX` lines for the prefixes `names` (all of `PREFIXES` when none are named).

    >>> sparql_prologue("skos")
    'PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\\n'
    """
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in names or PREFIXES)


# Every prefix above, for queries written with CURIEs.
SPARQL_PROLOGUE = sparql_prologue()
