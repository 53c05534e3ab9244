"""Speed helpers for the big computations (docs/architecture.md, "Stor skala")."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a computation builds hundreds of
    thousands of small objects (rows, tallies, records) that hold no reference cycles:
    reference counting frees them as before, but the collector no longer walks every live
    object again and again while they are made (40 % of a national report's CPU time).
    Nested use is safe; the collector runs again as it was when the outermost block ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def without_collector(fn: Callable[P, R]) -> Callable[P, R]:
    """`fn` run with the collector paused (collector_paused)."""

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with collector_paused():
            return fn(*args, **kwargs)

    return wrapper


# The youngest generation is collected after this many allocations (CPython's default: 700).
WEB_GC_THRESHOLD = (50_000, 20, 100)


def settle_for_serving() -> None:
    """Tune the cyclic garbage collector for a web worker, once the app is loaded (wsgi.py).

    A page's model objects hold each other in cycles (a stay's prefetched tasks point back to
    the stay), so only the cyclic collector frees them. With CPython's default thresholds a
    young collection runs every 700 allocations while a request builds its page, the page's
    objects are still alive then and are promoted until a full collection frees them – a
    collection that also walks every object loaded at startup. One request in ten or so paid
    100–300 ms for it (issue 13: a citizen's stays page with 60 stays, CPU p50 32 ms, p95 173 ms
    in-process at national scale). Here the objects alive now (Django, the URLs, the templates)
    are moved out of the collector's sight (gc.freeze), and the youngest generation is
    collected after WEB_GC_THRESHOLD[0] allocations, so a request's objects mostly die young
    and are freed by a cheap collection between requests (same page: CPU p95 44–51 ms)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*WEB_GC_THRESHOLD)


# After this many responses the collection after a response walks every generation.
FULL_COLLECTION_EVERY = 100
_responses = [0]


def collect_after_response() -> None:
    """Free the last request's cyclic garbage after its response has gone to the user
    (gunicorn's post_request hook, hjemvej.ops.gunicorn_hooks), so the next request starts
    with an empty young generation and rarely reaches WEB_GC_THRESHOLD while it builds its
    page: a young collection in the middle of a request walked up to 50,000 objects, 15–25 ms
    on one request in ten (the stays page of a citizen with 60 stays at national scale, p50
    31 ms, p95 51 ms in-process). Every FULL_COLLECTION_EVERY responses the older generations
    too, so no full collection falls due inside a request."""
    _responses[0] += 1
    gc.collect(2 if _responses[0] % FULL_COLLECTION_EVERY == 0 else 1)
