"""The national homelessness count (VIVE, DOMAIN.md §8) for one week: each citizen's situation
that week from the records, by age group and gender, per municipality. Pure functions."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from hjemvej.common import dates
from hjemvej.people.models import Gender
from hjemvej.stays.rules import COUNT_CATEGORIES, count_category

# A discharge or a return to homelessness tells the situation for this long afterwards; older
# records say nothing about the counting week.
RECENT_DAYS = 90

COUNTED = [k for k in COUNT_CATEGORIES if k not in ("not_homeless", "not_counted")]
AGE_GROUPS = [
    ("Under 18 år", 0, 17),
    ("18–24 år", 18, 24),
    ("25–29 år", 25, 29),
    ("30–39 år", 30, 39),
    ("40–49 år", 40, 49),
    ("50–59 år", 50, 59),
    ("60 år og derover", 60, None),
]
GENDERS = list(Gender.choices)


def week_bounds(iso_year: int, week: int) -> tuple[datetime.date, datetime.date]:
    monday = datetime.date.fromisocalendar(iso_year, week, 1)
    return monday, monday + datetime.timedelta(days=6)


def age_group(birth_date: datetime.date, on: datetime.date) -> str:
    age = dates.age_on(birth_date, on)
    for label, lo, hi in AGE_GROUPS:
        if age >= lo and (hi is None or age <= hi):
            return label
    return AGE_GROUPS[0][0]


@dataclass(frozen=True)
class Person:
    citizen_id: int
    municipality: str
    birth_date: datetime.date
    gender: str


@dataclass(frozen=True)
class Event:
    """Something recorded about where a citizen is: a stay, a discharge, a return."""

    citizen_id: int
    start: datetime.date
    end: datetime.date | None  # for stays; None while open
    category: str  # a COUNT_CATEGORIES key, or "discharge:<destination>"


def situation(events: list[Event], monday: datetime.date, sunday: datetime.date) -> str | None:
    """The citizen's situation in the week, or None when not homeless as far as we know.
    A stay during the week wins; otherwise the most recent discharge or return within
    RECENT_DAYS before the week's end."""
    stays = [
        e
        for e in events
        if not e.category.startswith(("discharge:", "return"))
        and e.start <= sunday
        and (e.end is None or e.end > monday)
    ]
    if stays:
        return stays[0].category
    recent = [
        e
        for e in events
        if e.category.startswith(("discharge:", "return"))
        and e.start <= sunday
        and (sunday - e.start).days <= RECENT_DAYS
    ]
    if not recent:
        return None
    last = max(recent, key=lambda e: e.start)
    if last.category == "return":
        return "unknown"
    category = count_category(last.category.removeprefix("discharge:"))
    return category if category in COUNTED else None


@dataclass
class CountRow:
    municipality: str
    category: str
    label: str
    total: int
    genders: dict[str, int]
    ages: dict[str, int]
    citizen_ids: list[int]


def national_count(
    people: list[Person], events: list[Event], monday: datetime.date, sunday: datetime.date
) -> list[CountRow]:
    by_citizen: dict[int, list[Event]] = {}
    for e in events:
        by_citizen.setdefault(e.citizen_id, []).append(e)
    groups: dict[tuple[str, str], list[Person]] = {}
    for p in people:
        cat = situation(by_citizen.get(p.citizen_id, []), monday, sunday)
        if cat is not None:
            groups.setdefault((p.municipality, cat), []).append(p)
    rows = []
    for municipality in sorted({p.municipality for p in people}):
        for cat in COUNTED:
            members = groups.get((municipality, cat), [])
            if not members:
                continue
            genders = Counter(p.gender for p in members)
            ages = Counter(age_group(p.birth_date, monday) for p in members)
            rows.append(
                CountRow(
                    municipality=municipality,
                    category=cat,
                    label=COUNT_CATEGORIES[cat],
                    total=len(members),
                    genders={g: genders.get(g, 0) for g, _ in GENDERS},
                    ages={a: ages.get(a, 0) for a, _, _ in AGE_GROUPS},
                    citizen_ids=[p.citizen_id for p in members],
                )
            )
    return rows
