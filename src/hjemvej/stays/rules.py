"""The stays' rules in plain Python: how many working days a deadline has (the days are
counted by common.dates), the national-count categories of a discharge destination, and the
reimbursement limit of §110 stays. No database here."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# ---------------------------------------------------------------- working days (§110 stk. 6)
# The days themselves are counted by common.dates.add_working_days.
NOTIFY_WORKING_DAYS = 3
# The law sets no deadline for the §142 action plan of a shelter resident; the authority's task
# is given this many days so it shows on the worklist (a local practice, not the law).
ACTION_PLAN_DAYS = 30

# ---------------------------------------------------------------- destinations and the count

# The national homelessness count's situations (VIVE, DOMAIN.md §8), plus "not homeless".
COUNT_CATEGORIES = {
    "not_homeless": "Ikke hjemløs (egen bolig)",
    "rough_sleeping": "Gadesovende (gade, opgang, skur)",
    "night_shelter": "Natvarmestue / akutovernatning",
    "shelter": "Herberg / forsorgshjem",
    "hotel": "Hotel eller vandrehjem pga. hjemløshed",
    "family_friends": "Midlertidigt hos familie eller venner uden kontrakt",
    "transitional": "Overgangsbolig uden permanent kontrakt",
    "prison_release": "Løsladelse fra fængsel inden for en måned uden bolig",
    "hospital_release": "Udskrivning fra hospital eller behandling inden for en måned uden bolig",
    "other": "Andet (kolonihavehus, campingvogn)",
    "unknown": "Ukendt situation",
    "not_counted": "Indgår ikke i tællingen",
}

# destination code -> (Danish label, count category)
DESTINATIONS: dict[str, tuple[str, str]] = {
    "own_home": ("Egen bolig", "not_homeless"),
    "own_home_support": ("Egen bolig med støtte", "not_homeless"),
    "skaev_bolig": ("Skæv bolig", "not_homeless"),
    "other_shelter": ("Andet herberg / forsorgshjem", "shelter"),
    "hospital_treatment": ("Hospital eller behandling", "hospital_release"),
    "prison": ("Fængsel", "prison_release"),
    "family_friends": ("Familie eller venner", "family_friends"),
    "street": ("Gaden", "rough_sleeping"),
    "unknown": ("Ukendt", "unknown"),
    "deceased": ("Død", "not_counted"),
}
# Destinations that are a move into the citizen's own home, with or without support: they start
# the follow-up at 1, 3, 6 and 12 months.
OWN_HOME_DESTINATIONS = frozenset({"own_home", "own_home_support"})

DESTINATION_CHOICES = [(code, label) for code, (label, _) in DESTINATIONS.items()]

# What the citizen does after the stay (DOMAIN.md §7: share attached to work or education),
# recorded at discharge for the yearly outcome report.
OCCUPATION_CHOICES = [
    ("work", "Arbejde"),
    ("education", "Uddannelse"),
    ("none", "Hverken arbejde eller uddannelse"),
    ("unknown", "Ved ikke"),
]
WORK_OR_EDUCATION = frozenset({"work", "education"})


def count_category(destination: str) -> str:
    """The national-count category a discharge destination puts the citizen in."""
    return DESTINATIONS[destination][1]


# ---------------------------------------------------------------- reimbursement (DOMAIN.md §4)
#
# For the worklists and the board: how many of the citizen's nights in the current running year
# have been reimbursed, and how many more will be if the stay goes on. The limits come from the
# economics app's rules (data with effective periods: stays.economy.shelter_limits); LIMITS are
# the law's limits as a default for callers without a database.

REFORM_START = datetime.date(2023, 10, 1)
Limits = Sequence[tuple[datetime.date, int]]
LIMITS: list[tuple[datetime.date, int]] = [
    (REFORM_START, 120),
    (datetime.date(2026, 4, 1), 90),
]


def limit_on(night: datetime.date, limits: Limits = LIMITS) -> int | None:
    """The reimbursed-nights limit of a running year on a night (None before the reform)."""
    current = None
    for start, limit in limits:
        if night >= start:
            current = limit
    return current


def _add_year(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28) + datetime.timedelta(days=1)


@dataclass(frozen=True)
class RunningYear:
    starts_on: datetime.date
    ends_on: datetime.date  # exclusive
    nights: int  # nights stayed so far in the running year (up to, not including, today)
    reimbursed: int  # of those, reimbursed
    limit: int  # the limit in force today
    nights_left: int  # more reimbursed nights if the stay goes on from today

    @property
    def exhausted(self) -> bool:
        return self.nights_left == 0


def _nights(stays: Iterable[tuple[datetime.date, datetime.date | None]], until: datetime.date):
    """Every night (the date it starts) of the stays, up to but not including `until`."""
    nights: set[datetime.date] = set()
    for start, end in stays:
        first = max(start, REFORM_START)
        last = min(end, until) if end is not None else until
        day = first
        while day < last:
            nights.add(day)
            day += datetime.timedelta(days=1)
    return sorted(nights)


def running_year(
    stays: Iterable[tuple[datetime.date, datetime.date | None]],
    today: datetime.date,
    limits: Limits = LIMITS,
) -> RunningYear | None:
    """The citizen's running year on `today` from their §110 stays (start, end or None), or None
    when no running year is open. A stay that began before 1.10.2023 counts from that day."""
    stays = list(stays)
    nights = _nights(stays, today)
    if not nights and not any(s <= today and (e is None or e > today) for s, e in stays):
        return None
    year_start: datetime.date | None = None
    year_end: datetime.date | None = None
    reimbursed = 0
    counted = 0
    for night in nights:
        if year_start is None or year_end is None or night >= year_end:
            year_start, year_end = night, _add_year(night)
            reimbursed = counted = 0
        counted += 1
        limit = limit_on(night, limits) or 0
        if reimbursed < limit:
            reimbursed += 1
    staying_tonight = any(s <= today and (e is None or e > today) for s, e in stays)
    if year_start is None or year_end is None or today >= year_end:
        if not staying_tonight:
            return None
        year_start, year_end = max(today, REFORM_START), _add_year(max(today, REFORM_START))
        reimbursed = counted = 0
    # If the stay goes on from today: how many more nights are reimbursed in this running year?
    left = 0
    night = today
    simulated = reimbursed
    while night < year_end:
        limit = limit_on(night, limits) or 0
        if simulated >= limit:
            if all(lim <= simulated for start, lim in limits if start > night):
                break
        else:
            simulated += 1
            left += 1
        night += datetime.timedelta(days=1)
    return RunningYear(
        starts_on=year_start,
        ends_on=year_end,
        nights=counted,
        reimbursed=reimbursed,
        limit=limit_on(today, limits) or 0,
        nights_left=left,
    )
