"""What the server works out as soon as it starts, in the background, so that first visitors need not wait.

At 10,000 concepts the first request of a concept page, of the overlap page and of the graph page each
cost minutes under load: the values they keep per store (`QueryStore.derived`: the scope data, the
readings with their sides, the overlap ranking of the default view, the concept graph) are read on the
store's first request. A daemon thread renders those pages once, through the routes' own functions, as
soon as the service is up: readiness does not wait for it, requests are served meanwhile (one that needs
a value being computed waits for that one computation rather than starting another), and a failure is
only logged, since the page then computes on request and reports its own error. Up to `WARM_PAST`
concepts (the bundled data among them) nothing is warmed: those pages take a second or two, and a server
that only answers queries stays small (the pages' libraries load when a page is first asked for).
"""

import logging
import threading
import time
from collections.abc import Callable

from govlex.api.routes import pages

from govlex.catalog import counts, slug_of
from govlex.reasoning.results import scope_data
from govlex.store import QueryStore

log = logging.getLogger("govlex.serve")
READY = "%s is ready (%.1f s)"
# Not a screenful (60): the bundled graph passed that and its first pages still take a second or two,
# while its server would grow by the pages' libraries (about 45 MB) before anyone asked for a page.
WARM_PAST = 200


def warm(store: QueryStore) -> threading.Thread:
    """Start rendering the first pages of `store` in a daemon thread; the thread."""
    thread = threading.Thread(target=_first_pages, args=(store,), name="govlex-warm", daemon=True)
    thread.start()
    return thread


def _first_pages(store: QueryStore) -> None:
    if counts(store).get("Concept", 0) <= WARM_PAST:
        return
    steps: list[tuple[str, Callable[[], object]]] = [
        ("a concept page's per-store data", lambda: _concept_page(store)),
        ("the overlap page's default view", lambda: pages.overlap_page(store)),
        ("the graph page's concept graph", lambda: pages.graph_page(store)),
    ]
    for name, render in steps:
        started = time.perf_counter()
        try:
            render()
        except Exception:
            log.exception("%s could not be computed ahead; it will be on request", name)
            continue
        log.warning(READY, name, time.perf_counter() - started)


def _concept_page(store: QueryStore) -> None:
    with_readings = scope_data(store).concepts()
    if with_readings:
        pages.concept_page(slug_of(with_readings[0]), store)
