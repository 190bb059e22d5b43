"""`govlex link`: load external vocabularies, suggest mappings to them, accept reviewed ones, evaluate.

govlex link add airo ../shared/external/airo/airo.ttl
govlex link suggest airo > airo.sssom.tsv      # review: delete rows, or set predicate_modifier Not
govlex link accept airo.sssom.tsv --curator agent:govlex-mapping-review
govlex link evaluate
"""

import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn
from rich.table import Table

from govlex.cli.common import console, err_console, reports_errors
from govlex.errors import GovlexError, InputError
from govlex.linking.fetch import FetchLimits
from govlex.paths import resource_dir

app = typer.Typer(
    help="Link govlex concepts to external vocabularies (AIRO, VAIR, DPV, ...).", no_args_is_help=True
)


@app.command("add")
@reports_errors
def add(
    name: Annotated[str, typer.Argument(help="A short name for the vocabulary, e.g. airo or dpv-ai.")],
    source: Annotated[
        str, typer.Argument(help="A file (Turtle, RDF/XML, N-Triples, JSON-LD, OWL) or an http(s) URL.")
    ],
    namespace: Annotated[
        str | None,
        typer.Option("--namespace", help="The vocabulary's own namespace, when it does not declare one."),
    ] = None,
    max_bytes: Annotated[
        int,
        typer.Option(
            "--max-bytes",
            envvar="GOVLEX_LINK_MAX_BYTES",
            min=1,
            help="Largest vocabulary accepted, in bytes (also the most its XML entities may add).",
        ),
    ] = FetchLimits.max_bytes,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", envvar="GOVLEX_LINK_TIMEOUT", min=0.001, help="Seconds a whole download may take."
        ),
    ] = FetchLimits.seconds,
) -> None:
    """Load a vocabulary into its own named graph, kept across restarts."""
    from govlex.linking.fetch import fetch
    from govlex.linking.load import check_name, load_vocabulary
    from govlex.linking.registry import Registry

    check_name(name)
    limits = FetchLimits(max_bytes=max_bytes, seconds=timeout)
    registry = Registry()
    registry.directory.mkdir(parents=True, exist_ok=True)
    # Downloads and the parsed N-Quads go beside the registry (same disk, removed afterwards).
    with tempfile.TemporaryDirectory(prefix=f".loading-{name}-", dir=registry.directory) as work:
        fetched = fetch(source, limits, folder=Path(work))
        loaded_at = datetime.now(UTC)
        with Progress(
            TextColumn(f"loading {name}"), BarColumn(), DownloadColumn(), console=err_console, transient=True
        ) as progress:
            task = progress.add_task("parse", total=fetched.size)
            vocabulary = load_vocabulary(
                name,
                fetched,
                namespace=namespace,
                on_progress=lambda done, total: progress.update(task, completed=done, total=total),
                loaded=loaded_at,
                limits=limits,
                work_dir=Path(work),
            )
        entry = registry.save(vocabulary, fetched, loaded_at.isoformat())
    stats = entry.label_stats
    kinds = ", ".join(f"{count} {kind}" for kind, count in stats.items() if count)
    console.print(
        f"loaded {entry.name}: {entry.triples} triples, {entry.terms} terms in {entry.namespace} "
        f"(terms with {kinds}) into {entry.graph}"
    )
    for reason in entry.skipped:
        err_console.print(f"{entry.name}: {reason}")


@app.command("list")
@reports_errors
def list_command() -> None:
    """List the loaded vocabularies: source, hash, date, size, and how many terms have each kind of label."""
    from govlex.linking.registry import Registry

    entries = Registry().entries()
    if not entries:
        console.print("no vocabularies loaded; add one with `govlex link add NAME FILE_OR_URL`")
        return
    table = Table("name", "terms", "triples", "namespace", "loaded", "sha256", "source")
    for e in entries:
        table.add_row(
            e.name, str(e.terms), str(e.triples), e.namespace, e.loaded_at[:19], e.sha256[:12], e.source
        )
    console.print(table)
    kinds = list(dict.fromkeys(kind for e in entries for kind in e.label_stats))
    counts = Table("name", *kinds, title="terms having each kind of label or fact")
    for e in entries:
        counts.add_row(e.name, *(str(e.label_stats.get(kind, "-")) for kind in kinds))
    console.print(counts)
    for e in entries:
        for reason in e.skipped:
            console.print(f"{e.name}: {reason}")


@app.command("remove")
@reports_errors
def remove(name: Annotated[str, typer.Argument(help="The name given to `link add`.")]) -> None:
    """Forget a loaded vocabulary (its graph leaves the store)."""
    from govlex.linking.registry import Registry

    entry = Registry().remove(name)
    console.print(f"removed {entry.name} ({entry.graph})")


@app.command("suggest")
@reports_errors
def suggest_command(
    name: Annotated[str, typer.Argument(help="A loaded vocabulary (see `govlex link list`).")],
    cutoff: Annotated[float, typer.Option("--cutoff", help="Lowest score to propose.")] = 0.7,
    semantic: Annotated[
        bool,
        typer.Option("--semantic", help="Add the sentence-embedding matcher (needs the embeddings extra)."),
    ] = False,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the SSSOM TSV here instead of stdout.")
    ] = None,
) -> None:
    """Propose mappings from our concepts to a loaded vocabulary, as SSSOM TSV ranked by confidence."""
    from govlex.linking.service import suggestions
    from govlex.linking.sssom_io import to_sssom

    embedder = None
    if semantic:
        from govlex.linking.embeddings import minilm_embedder

        embedder = minilm_embedder()
    entry, found = suggestions(name, cutoff=cutoff, embedder=embedder)
    text = to_sssom(found, f"suggested/{name}", {name: entry.namespace})
    _emit(text, out, f"{len(found)} candidate mapping(s) to {name}")


@app.command("accept")
@reports_errors
def accept(
    file: Annotated[
        Path, typer.Argument(help="A reviewed SSSOM TSV file (e.g. from `govlex link suggest`).")
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Curated Turtle to write or merge into; default data/mappings/<file>.ttl."
        ),
    ] = None,
    curator: Annotated[
        str | None,
        typer.Option(
            "--curator", help="Who reviewed the rows (IRI or CURIE); fills author_id where a row has none."
        ),
    ] = None,
) -> None:
    """Turn reviewed SSSOM rows into curated mappings in data/mappings/ (rows without a curator are skipped)."""
    from govlex.linking.service import accept_rows

    target = out or resource_dir("data") / "mappings" / f"{file.name.split('.')[0]}.ttl"
    accepted, skipped = accept_rows(file, target, curator, date.today())
    console.print(f"accepted {accepted} mapping(s) into {target}")
    if skipped:
        err_console.print(
            f"skipped {skipped} row(s) without author_id: pass --curator once you have reviewed them"
        )


@app.command("evaluate")
@reports_errors
def evaluate_command(
    names: Annotated[
        list[str] | None, typer.Argument(help="Vocabularies to evaluate; default every loaded one.")
    ] = None,
    cutoff: Annotated[float, typer.Option("--cutoff", help="The suggestion cut-off to evaluate at.")] = 0.7,
    holdout: Annotated[
        bool,
        typer.Option(
            "--holdout", help="Leave one vocabulary family out: tune on the others, measure on it (Markdown)."
        ),
    ] = False,
    baseline: Annotated[
        bool,
        typer.Option(
            "--baseline", help="With --holdout: OAK lexmatch on the same inputs (needs govlex[link-eval])."
        ),
    ] = False,
) -> None:
    """Precision and recall of `link suggest` against the curated mappings, per vocabulary and pooled."""
    from govlex.linking.evaluate import COLUMNS, pooled
    from govlex.linking.service import evaluate_all

    if holdout:
        from govlex.linking.holdout import markdown_table
        from govlex.linking.service import holdout_evaluation

        folds, lexmatch_scores = holdout_evaluation(baseline=baseline)
        if not folds:
            raise GovlexError(
                "leave-one-out needs vocabularies of at least two families loaded (`govlex link add`)"
            )
        sys.stdout.write(markdown_table(folds, lexmatch_scores))
        return

    scores = evaluate_all(names or None, cutoff)
    if not scores:
        raise GovlexError("no vocabularies loaded; add one with `govlex link add NAME FILE_OR_URL`")
    table = Table(
        "vocabulary",
        *COLUMNS,
        title=f"link suggest at cut-off {cutoff} against the curated mappings",
        caption="recall: of curated exact/close/broad/narrow mappings; incl. related: of all curated mappings",
    )
    for s in [*scores, pooled("all", scores)]:
        table.add_row(
            s.vocabulary,
            str(s.suggested),
            str(s.correct),
            f"{s.precision:.2f}" if s.suggested else "-",
            f"{s.recall:.2f} ({s.curated_found}/{s.curated})" if s.curated else "-",
            f"{s.recall_all:.2f} ({s.curated_all_found}/{s.curated_all})" if s.curated_all else "-",
        )
    console.print(table)


def _emit(text: str, out: Path | None, summary: str) -> None:
    if out is None:
        sys.stdout.write(text)
    else:
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as err:
            raise InputError(out, f"cannot write: {err.strerror}") from None
    err_console.print(summary)
