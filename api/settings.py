"""The service's settings, from environment variables (`GOVLEX_*`) and `govlex serve` flags."""

import os
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob of the service; `GOVLEX_<NAME>` sets one from the environment."""

    model_config = SettingsConfigDict(env_prefix="GOVLEX_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8000
    store: str | None = None
    """Query endpoint of a SPARQL 1.1 server to serve from; None serves the embedded store."""
    build_dir: Path | None = None
    """Where the embedded store's build lives (default: `govlex.paths.build_dir()`)."""
    data: Path | None = None
    """Serve this N-Quads or N-Triples file on the embedded store instead of the build (benchmarks, other data)."""
    query_timeout: float = 10.0
    result_cap: int = 10_000
    """Most rows or triples in one SPARQL answer; more are cut and `X-Result-Truncated` says so."""
    max_result_bytes: int = 16_000_000
    """Most bytes in one SPARQL answer (the document as sent); a longer answer is cut the same way."""
    cors_origins: list[str] = ["*"]
    query_workers: int = Field(default_factory=lambda: 2 * (os.cpu_count() or 1))
    """Query worker processes: twice the CPUs, so cheap queries need not wait behind expensive ones."""
    queue_limit: int = 64
    max_body_bytes: int = 1_000_000
    """Largest request body (413 beyond), checked as it arrives (`govlex.api.admission`)."""
    max_url_length: int = 16_384
    """Longest request target, path and query string (414 beyond)."""
    max_header_bytes: int = 32_768
    """Most bytes of request headers, names and values (431 beyond)."""
    build_check_interval: float = 2.0
    """Seconds between looks at the build folder for a new build to switch to (0: keep the first)."""
    max_query_length: int = 100_000
    """Most characters in a query, checked before any tokenizer or parser reads it."""
    max_query_depth: int = 256
    """Deepest nesting of a query: open brackets plus chained operators (`/`, `|`, `!`, `&&`, UNION…)."""
    express_workers: int = 1
    """Workers reserved for queries the guard finds cheap (one group of at most one triple pattern)."""
    express_timeout: float = 1.0
    """Seconds a cheap query may run on the reserved lane before it is run again on the general one."""
    general_niceness: int = 10
    """CPU priority (nice) of the general pool's workers when a reserved lane exists, set once each is
    ready, so that expensive queries yield the CPU to the server process (which answers the cheap ones)
    and to the reserved lane; 0 turns it off (see docs/security-endpoint.md)."""
    inline_rows: int = 1000
    """Rows the server reads itself for a query the guard proves cheap (one triple pattern, no paths),
    without a worker; one with more matches goes to the workers (0: every query goes to them)."""
    connection_answers: bool = True
    """Answer the queries the inline path can answer in the connection protocol, before the app
    (`api/sparql/connection.py`); off: every request goes through the app."""
    worker_memory_mb: int = 1024
    """Memory (address space, MB) a query worker may add to what it holds once ready; a query that needs
    more is stopped with 503 "Memory limit exceeded" and its worker replaced (0: no limit)."""
    express_queue_limit: int = 512
    """Cheap queries waiting for the reserved lane at most (each costs the server almost nothing)."""
    allow_worker_network: bool = False
    """Serve even where the query workers cannot be cut off from the network (no network namespace)."""
    base_url: str = ""
    """Public base URL, when the service runs behind a proxy (used in the service description)."""
