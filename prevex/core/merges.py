"""Steps other apps run when two household files are merged (a registry, like panels).

The households app moves every row of another app that points at the absorbed file
(``households.merging``), without importing those apps. Where an app's rows carry a
uniqueness rule per file (one agenda line per session and file, one open saisine per
commission and file), moving both files' rows onto one would break it: the app declares
a step here (``register``), which the merge runs first, in its transaction, with the
two household ids and the acting membership.
"""

from __future__ import annotations

from collections.abc import Callable

_steps: dict[str, Callable] = {}


def register(name: str, step: Callable) -> Callable:
    """Declare a merge step (``step(*, keep_id, absorb_id, by)``); re-registering a name
    replaces it."""
    _steps[name] = step
    return step


def run_steps(*, keep_id: int, absorb_id: int, by) -> None:
    for name in sorted(_steps):
        _steps[name](keep_id=keep_id, absorb_id=absorb_id, by=by)
