"""Demo data steps. The foundation's step builds municipalities, units, users and citizens; each
later app appends its own step (offers, stays, plans, …) in its AppConfig.ready. Steps run in
order, must be deterministic, and must be safe to run twice."""

from collections.abc import Callable

STEPS: list[tuple[str, Callable[[Callable[[str], None]], None]]] = []


def demo_step(name: str):
    def register(fn):
        if all(existing != name for existing, _ in STEPS):
            STEPS.append((name, fn))
        return fn

    return register
