"""`govlex validate`: every guard over the data in one call, so the CLI, the build and the tests agree.

Order: parse (raises `InputError` on the first unreadable file), well-typed literals, SHACL, the
SPARQL violation queries, then the OWL reasoner (not while a literal is ill-typed): HermiT over the
ontology, the data and one generated class per definition, which decides consistency and whether
every definition is satisfiable, and whose conclusions (coverings, scope) the build then records.
`govlex validate` and `govlex build` thus run the very same guards.
"""

from dataclasses import dataclass, field
from pathlib import Path

from govlex.literals import WELL_TYPED_CHECK, ill_typed_literals
from govlex.loading import LoadedSources, load_sources
from govlex.problems import Problem
from govlex.progress import SILENT, Reporter
from govlex.queries import QueryRegistry
from govlex.reasoning.definitions import ScopeMethod, infer_scope
from govlex.reasoning.scope import CONSISTENCY_CHECK, ScopeInferences
from govlex.shacl import run_shacl
from govlex.violations import run_violation_queries

__all__ = ["CONSISTENCY_CHECK", "WELL_TYPED_CHECK", "ValidationOutcome", "validate", "validate_sources"]


@dataclass
class ValidationOutcome:
    sources: LoadedSources
    problems: list[Problem] = field(default_factory=list)
    scope: ScopeInferences | None = None
    """What the reasoner concluded; None when validation ran without it."""

    @property
    def ok(self) -> bool:
        return not self.problems


def validate_sources(
    sources: LoadedSources,
    reason: bool = True,
    queries: QueryRegistry | None = None,
    method: ScopeMethod = ScopeMethod.structural,
    progress: Reporter = SILENT,
) -> ValidationOutcome:
    """Run SHACL, the violation queries and (unless `reason` is false) the reasoner over loaded sources."""
    with progress.stage("checking literals"):
        ill_typed = ill_typed_literals(sources)
    problems = ill_typed + run_shacl(sources.union, sources.index, store=sources.store, progress=progress)
    problems += run_violation_queries(sources.store, sources.index, queries, progress=progress)
    # owlready2 cannot load an ill-typed literal (it fails without naming file or line): the reasoner
    # waits until those are fixed.
    if not reason or ill_typed:
        return ValidationOutcome(sources, problems)
    # Reason even when other checks failed, so a curator sees every problem in one report.
    with progress.stage(f"reasoning ({method.value})"):
        scope = infer_scope(sources, method)
    return ValidationOutcome(sources, problems + scope.problems, scope)


def validate(
    data: list[Path] | None = None, ontology: Path | None = None, reason: bool = True
) -> ValidationOutcome:
    """Load the bundled (or given) files and validate them."""
    return validate_sources(load_sources(data=data, ontology=ontology), reason=reason)
