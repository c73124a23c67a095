"""Python's cyclic garbage collector paused around bulk work (``collector_paused``).

Bulk work — an import chunk, a batch of records matched — allocates hundreds of
thousands of short-lived objects while the process holds many long-lived ones (the
matching memos, the territories, the caches of parsed names and addresses). Each full
collection walks all of them again: a quarter to a third of the CPU of such work.
Reference counting still frees almost everything at once; what is left in cycles is
collected when the collector resumes at the end, so memory grows by one batch's cycles
at most. Nested or concurrent pauses (threads) resume it when the last one ends, and it
is always given back as it was found — after an error too.
"""

from __future__ import annotations

import contextlib
import gc
import threading

_LOCK = threading.Lock()
_STATE = [0, False]  # pauses running, was the collector enabled before the first


@contextlib.contextmanager
def collector_paused():
    with _LOCK:
        if _STATE[0] == 0:
            _STATE[1] = gc.isenabled()
            gc.disable()
        _STATE[0] += 1
    try:
        yield
    finally:
        with _LOCK:
            _STATE[0] -= 1
            if _STATE[0] == 0 and _STATE[1]:
                gc.enable()
