"""The one suppression rule for aggregate figures shown to analysts (and in their exports).

A figure that rests on fewer than 5 citizens could point out a person, so it is shown as "<5".
Hiding one part is not enough when the total and the other parts are shown (the total minus
the shown parts gives it back), so `suppress_parts` also hides the next smallest part: the
usual primary and secondary suppression. Every aggregate page and export calls this module."""

SUPPRESSION_LIMIT = 5
SUPPRESSED = "<5"


def is_small(citizens: int | None) -> bool:
    """Whether a figure resting on this many citizens must be hidden (0 is shown: no one)."""
    return citizens is not None and 0 < citizens < SUPPRESSION_LIMIT


def suppress(count: int | None, *, for_analyst: bool) -> int | str | None:
    """A count of citizens as an analyst may see it."""
    if count is None or not for_analyst:
        return count
    return SUPPRESSED if is_small(count) else count


def suppress_parts(
    parts: dict[str, int], *, basis: dict[str, int] | None = None, for_analyst: bool
) -> dict[str, int | str]:
    """Parts of one total (e.g. improved / unchanged / worse). `parts` are the figures shown;
    `basis` the number of citizens each rests on (the figures themselves when they count
    citizens). Each part on fewer than 5 citizens is hidden, and when exactly one part is hidden
    the smallest other non-zero part is hidden too, so that the total gives nothing away."""
    if not for_analyst:
        return dict(parts)
    basis = basis if basis is not None else parts
    hidden = {k for k, n in basis.items() if is_small(n)}
    if len(hidden) == 1:
        others = sorted((n, k) for k, n in basis.items() if k not in hidden and n > 0)
        if others:
            hidden.add(others[0][1])
    return {k: (SUPPRESSED if k in hidden else v) for k, v in parts.items()}
