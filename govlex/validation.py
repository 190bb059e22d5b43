"""`govlex validate`: every guard over the data in one call, so the CLI, the build and the tests agree.

Order: parse (raises `InputError` on the first unreadable file), SHACL, the SPARQL violation
queries, then the OWL reasoner's consistency check.
"""

from dataclasses import dataclass, field
from pathlib import Path

from govlex.loading import LoadedSources, load_sources
from govlex.problems import Problem
from govlex.queries import QueryRegistry
from govlex.reasoner import check_consistency
from govlex.shacl import run_shacl
from govlex.store import store_from_dataset
from govlex.violations import run_violation_queries

CONSISTENCY_CHECK = "OwlConsistency"


@dataclass
class ValidationOutcome:
    sources: LoadedSources
    problems: list[Problem] = field(default_factory=list)
    reasoned: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def validate_sources(
    sources: LoadedSources, reason: bool = True, queries: QueryRegistry | None = None
) -> ValidationOutcome:
    """Run SHACL, the violation queries and (unless `reason` is false) the reasoner over loaded sources."""
    union = sources.union()
    problems = run_shacl(union, sources.index)
    problems += run_violation_queries(store_from_dataset(sources.dataset), sources.index, queries)
    if reason:
        result = check_consistency(union)
        if not result.consistent:
            problems.append(Problem(CONSISTENCY_CHECK, f"the model is inconsistent: {result.explanation}"))
    return ValidationOutcome(sources, problems, reasoned=reason)


def validate(
    data: list[Path] | None = None, ontology: Path | None = None, reason: bool = True
) -> ValidationOutcome:
    """Load the bundled (or given) files and validate them."""
    return validate_sources(load_sources(data=data, ontology=ontology), reason=reason)
