"""Demo data steps. The foundation's step builds municipalities, units, users and citizens; each
later app registers its own step (offers, stays, plans, …) in its AppConfig.ready. Steps run by
`order`, then in the order they were registered; each must be deterministic and safe to run
twice."""

from collections.abc import Callable

Step = Callable[[Callable[[str], None]], None]
_STEPS: list[tuple[int, str, Step]] = []


def demo_step(name: str, order: int = 100):
    def register(fn: Step) -> Step:
        if all(existing != name for _, existing, _ in _STEPS):
            _STEPS.append((order, name, fn))
        return fn

    return register


def steps() -> list[tuple[str, Step]]:
    return [(name, fn) for order, name, fn in sorted(_STEPS, key=lambda s: s[0])]
