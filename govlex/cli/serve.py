"""`govlex serve` (the API, SPARQL endpoint and linked data under uvicorn) and `govlex push` (load the build
into any SPARQL server through the Graph Store Protocol, one named graph at a time, with HTTP digest
authentication where the server asks for it, as Virtuoso does)."""

import logging
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from pyoxigraph import DefaultGraph, RdfFormat, parse, serialize

from govlex.build import NQUADS, current_build, is_current
from govlex.cli.common import console, reports_errors
from govlex.errors import GovlexError


@reports_errors
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on [default: 127.0.0.1].")] = None,
    port: Annotated[int | None, typer.Option(help="Port [default: 8000].")] = None,
    store: Annotated[
        str | None,
        typer.Option(help="Query endpoint of a SPARQL 1.1 server to serve instead of the embedded store."),
    ] = None,
    query_timeout: Annotated[
        float | None, typer.Option(help="Seconds a query may run [default: 10].")
    ] = None,
    result_cap: Annotated[
        int | None, typer.Option(help="Most rows or triples in one answer [default: 10000].")
    ] = None,
    query_workers: Annotated[
        int | None, typer.Option(help="Query worker processes (embedded store) [default: twice the CPUs].")
    ] = None,
    cors_origin: Annotated[
        list[str] | None, typer.Option(help="Allowed CORS origin (repeat) [default: *].")
    ] = None,
    build_dir: Annotated[Path | None, typer.Option(help="Build folder of the embedded store.")] = None,
    data: Annotated[
        Path | None,
        typer.Option(help="Serve this .nq or .nt file on the embedded store instead of the build."),
    ] = None,
    access_log: Annotated[bool, typer.Option(help="Log every request.")] = False,
    allow_worker_network: Annotated[
        bool,
        typer.Option(help="Serve even where query workers cannot be cut off from the network."),
    ] = False,
) -> None:
    """Serve the REST API, the SPARQL endpoint and linked data (settings also from GOVLEX_* variables)."""
    import uvicorn

    from govlex.api.admission import limited_protocol
    from govlex.api.main import create_app
    from govlex.api.settings import Settings
    from govlex.api.sparql.connection import ConnectionAnswers

    flags: dict[str, Any] = {
        "host": host,
        "port": port,
        "store": store,
        "query_timeout": query_timeout,
        "result_cap": result_cap,
        "query_workers": query_workers,
        "cors_origins": cors_origin,
        "build_dir": build_dir,
        "data": data,
        "allow_worker_network": allow_worker_network or None,
    }
    settings = Settings(**{k: v for k, v in flags.items() if v is not None})
    if settings.store is None and settings.data is None:
        _bring_build_up_to_date(settings.build_dir)
    if settings.store is None:
        from govlex.api.sparql.sandbox import require_isolation

        console.print(require_isolation(settings.allow_worker_network))
    where = settings.store or f"the embedded store ({settings.data or 'the build'})"
    console.print(f"govlex serving {where} on http://{settings.host}:{settings.port} (API docs at /docs)")
    startup = _StartupFailure()
    logging.getLogger("uvicorn.error").addFilter(startup)
    app = create_app(settings)
    answers = ConnectionAnswers(app) if settings.connection_answers and settings.inline_rows else None
    try:
        uvicorn.run(
            app,
            host=settings.host,
            port=settings.port,
            access_log=access_log,
            log_level="warning",
            # Request sizes bound before the HTTP parser holds them; proved-cheap queries answered there.
            http=limited_protocol(settings, answers),
        )
    except SystemExit:
        if startup.reason is None:
            raise
        raise GovlexError(f"the server could not start: {startup.reason}") from None


class _StartupFailure(logging.Filter):
    """Keeps the traceback uvicorn logs when the app cannot start (a full disk while the store is written)
    and remembers its last line, which `serve` prints as its one-line error."""

    reason: str | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        if text.startswith("Traceback (most recent call last)"):
            self.reason = text.strip().splitlines()[-1]
            return False
        return not (self.reason is not None and text.startswith("Application startup failed"))


def _bring_build_up_to_date(out: Path | None) -> None:
    """Rebuild a stale build in a child `govlex build`: what building loads (SHACL, the reasoner, rdflib
    graphs; about 45 MB that Python keeps afterwards) never enters the server, and a failed build prints
    the same problem report as `govlex build`."""
    if is_current(out):
        return
    console.print("the build is missing or older than the sources: building first")
    # -P: never import from the working directory (a `govlex/` folder there would shadow the package).
    command = [sys.executable, "-P", "-m", "govlex.cli.main", "build", *(["--out", str(out)] if out else [])]
    if subprocess.run(command, check=False).returncode != 0:
        raise GovlexError("the build failed (see the problems above); nothing is served")


PASSWORD_VARIABLE = "GOVLEX_STORE_PASSWORD"
"""The environment variable `govlex push --user` reads the password from (never a flag: flags are visible
to every user of the machine in the process list)."""


@reports_errors
def push(
    url: Annotated[
        str, typer.Argument(help="Graph Store Protocol endpoint, e.g. http://localhost:7878/store.")
    ],
    timeout: Annotated[float, typer.Option(help="Seconds per request.")] = 120.0,
    user: Annotated[
        str | None,
        typer.Option(help=f"User for HTTP digest authentication (password from ${PASSWORD_VARIABLE})."),
    ] = None,
) -> None:
    """Load the current build into a SPARQL server, replacing each named graph (PUT ?graph=IRI)."""
    auth = _digest_auth(user)
    build = current_build()
    graphs: dict[str, list[Any]] = defaultdict(list)
    for quad in parse(path=str(build.directory / NQUADS), format=RdfFormat.N_QUADS):
        name = "" if isinstance(quad.graph_name, DefaultGraph) else quad.graph_name.value
        graphs[name].append(quad.triple)
    with httpx.Client(timeout=timeout, trust_env=False, auth=auth) as client:
        for name, triples in sorted(graphs.items()):
            params = {"graph": name} if name else {"default": ""}
            body = serialize(triples, format=RdfFormat.N_TRIPLES) or b""
            try:
                response = client.put(
                    url, params=params, content=body, headers={"Content-Type": "application/n-triples"}
                )
            except httpx.HTTPError as err:
                raise GovlexError(f"cannot reach {url}: {err}") from None
            if response.status_code == 401:
                hint = "wrong user or password" if user else f"pass --user and set ${PASSWORD_VARIABLE}"
                raise GovlexError(f"{url} wants authentication ({hint})")
            if response.status_code >= 300:
                raise GovlexError(
                    f"{url} refused graph {name or '(default)'}: {response.status_code} {response.text[:300]}"
                )
            console.print(f"{len(triples):>8} triples → {name or '(default graph)'}")


def _digest_auth(user: str | None) -> httpx.DigestAuth | None:
    """Digest credentials for `user`, the password read from the environment; None without a user."""
    if user is None:
        return None
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is None:
        raise GovlexError(f"--user {user} needs the password in ${PASSWORD_VARIABLE}")
    return httpx.DigestAuth(user, password)
