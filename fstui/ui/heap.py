"""Keep the cyclic garbage collector's full passes off the keys the agent presses.

A full collection walks every container object the process holds. Once the queue is loaded
that is the mirror of the open tickets, the reference data, the modules (and, in the demo, the
sandbox's whole account): 80-130 thousand objects, 50-170 ms with the event loop stopped, and
it lands on whatever key was pressed then (measured under `run_test`: a Related tab switch took
280-400 ms instead of ~160 when one fell in it, every second or third ticket open).

What is alive after the first load lives as long as the app. `gc.freeze()` moves it into the
permanent generation, which later passes do not walk, so they cost what was made since (a
ticket screen, a page of rows). Reference counting still frees frozen objects; only a cycle
among them is kept, and what start-up leaves of those is bounded (about two thousand objects,
once). No `gc.collect()` first: that would be the very pause, right after the first rows.
"""

from __future__ import annotations

import gc

_frozen = False


def settle_after_start() -> bool:
    """Freeze what the start built, once per process; True when this call did it."""
    global _frozen
    if _frozen:
        return False
    _frozen = True
    gc.freeze()
    return True
