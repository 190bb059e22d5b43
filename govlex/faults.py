"""Named points where a test can stop the process as `kill -9` would, to prove that what it writes stays
all or nothing: `GOVLEX_KILL_AT=<point>` kills the process with SIGKILL when it reaches `<point>`.

Unset (always, outside tests) a checkpoint costs one environment lookup. The points are listed in
`POINTS` so that a test can walk every one of them, and an unknown name in the variable is an error
rather than a test that silently never fires.
"""

import os
import signal

from govlex.errors import GovlexError

VARIABLE = "GOVLEX_KILL_AT"

POINTS = (
    "staging.written",  # the new content is complete in its staging folder, nothing moved yet
    "staging.carried",  # a merged folder's older files are linked into the staging folder
    "staging.retired",  # no atomic exchange: the old folder is renamed aside, the new one not yet in
    "staging.swapped",  # the new folder is in place; the old one is not yet removed
)


def checkpoint(point: str) -> None:
    """Stop the process here, as `kill -9` would, when `GOVLEX_KILL_AT` names `point`."""
    wanted = os.environ.get(VARIABLE)
    if not wanted:
        return
    if wanted not in POINTS:
        raise GovlexError(f"{VARIABLE}={wanted!r} names no fault point; known: {', '.join(POINTS)}")
    if wanted == point:
        os.kill(os.getpid(), signal.SIGKILL)
