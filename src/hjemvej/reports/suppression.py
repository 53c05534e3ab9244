"""Small counts are suppressed for analysts: a count under 5 could point out a person."""

SUPPRESSION_LIMIT = 5
SUPPRESSED = "<5"


def suppress(count: int | None, *, for_analyst: bool) -> int | str | None:
    if count is None or not for_analyst:
        return count
    return SUPPRESSED if 0 < count < SUPPRESSION_LIMIT else count
