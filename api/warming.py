"""What the server works out as soon as it starts, in the background, so that first visitors need not wait.

The overlap page's default view (concepts, shared criteria, the most and least overlapping pairs) costs
its first visitor the scope data and the ranking of every pair: seconds at 10,000 concepts, then kept
with the store (`govlex.overlap_ranking`). A daemon thread computes that view as its request would,
once the service is up: readiness does not wait for it, requests are served meanwhile (one that needs
the same value waits for that one computation rather than starting another), and a failure is only
logged, since the page then computes on request and reports its own error.
"""

import logging
import threading
import time

from govlex.api.links import ServedLinks
from govlex.api.overlap_pairs import DEFAULT_MEASURE, DEFAULT_PAIRS
from govlex.api.rendering import overlap_context

from govlex.store import QueryStore

log = logging.getLogger("govlex.serve")


def warm(store: QueryStore) -> threading.Thread:
    """Start computing the overlap page's default view of `store` in a daemon thread; the thread."""
    thread = threading.Thread(target=_default_overlap, args=(store,), name="govlex-warm-overlap", daemon=True)
    thread.start()
    return thread


def _default_overlap(store: QueryStore) -> None:
    started = time.perf_counter()
    try:
        overlap_context(store, ServedLinks(), "concepts", [DEFAULT_MEASURE], k=DEFAULT_PAIRS)
    except Exception:
        log.exception("the overlap page's default view could not be computed ahead; it will be on request")
        return
    log.warning("the overlap page's default view is ready (%.1f s)", time.perf_counter() - started)
