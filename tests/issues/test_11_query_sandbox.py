"""Issue 11: a query worker cannot reach the network, by construction (its own empty network namespace)."""

import subprocess
import sys

from govlex.api.sparql.sandbox import require_isolation
from servers import loopback_listener

# What a worker does first, then a SERVICE call to the listener as pyoxigraph would make it.
ISOLATED_SERVICE = """
import sys
from govlex.api.sparql.sandbox import isolate_network
problem = isolate_network()
assert problem == "", problem
from pyoxigraph import Store
try:
    list(Store().query("SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}"))
except OSError as err:
    print("refused:", err)
"""


def test_an_isolated_worker_cannot_connect_even_when_the_guard_is_bypassed() -> None:
    with loopback_listener() as (port, seen):
        result = subprocess.run(
            [sys.executable, "-c", ISOLATED_SERVICE.format(port=port)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("refused:"), result.stdout
    assert seen == []


def test_the_same_call_without_isolation_does_reach_the_listener() -> None:
    """The control: without the namespace, pyoxigraph does connect (so the test above can fail)."""
    code = ISOLATED_SERVICE.replace("problem = isolate_network()", "problem = ''")
    with loopback_listener() as (port, seen):
        subprocess.run(
            [sys.executable, "-c", code.format(port=port)], capture_output=True, timeout=60, check=False
        )
    assert seen != []


def test_serving_checks_isolation_first() -> None:
    assert "without network access" in require_isolation(allow_network=False)
