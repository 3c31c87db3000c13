"""The cyclic garbage collector, paused while a job handles a workbook's cells.

A job allocates millions of small objects (one per cell, then one per parsed
value) and keeps most of them until it ends. Python's cyclic collector runs every
few hundred allocations and, as those objects pile up into its older generations,
walks all of them again and again, finding nothing: the cells hold no reference
cycles. Measured on 100,000 prospects (`python -m bench.qualify_bench`), that is
1.2 s of an 11 s `qualify` in a fresh process, and 4.6 s in a process that already
holds other objects (a long `regenerate`). Reference counting still frees
everything as usual; what cyclic garbage a job leaves is collected once the
collector runs again after it.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Nestable, and safe across threads: the collector resumes (if it ran before)
    when the last of the overlapping blocks ends."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
