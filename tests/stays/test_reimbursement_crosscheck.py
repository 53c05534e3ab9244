"""The worklist's small night counter (stays.rules.running_year) agrees with the economics
calculator (economics.selectors.reimbursement_status_for), which reads the rules as data.

One known difference: before 1.4.2026 the economics calculator's `left` is the limit in force
today minus the nights used (120 − used), while `running_year` follows the stay forward night by
night, so a year that reaches 1.4.2026 stops at 90 ("refusion slutter om …" is then shorter).
From 1.4.2026 on there is no later change and the two agree."""

import datetime
import random
from types import SimpleNamespace

import pytest

from hjemvej.economics.selectors import reimbursement_status_for
from hjemvej.stays import rules

D = datetime.date
pytestmark = pytest.mark.django_db


def both(spans, today):
    ours = rules.running_year(spans, today)
    theirs = reimbursement_status_for([SimpleNamespace(start=s, end=e) for s, e in spans], today)
    return ours, theirs


@pytest.mark.parametrize(
    "spans, today",
    [
        ([(D(2026, 5, 1), None)], D(2026, 7, 18)),
        ([(D(2025, 12, 1), None)], D(2026, 4, 1)),
        ([(D(2026, 5, 1), D(2026, 6, 1)), (D(2026, 8, 1), None)], D(2026, 9, 1)),
        ([(D(2026, 1, 10), None)], D(2026, 6, 12)),
    ],
)
def test_worked_cases_agree(spans, today):
    ours, theirs = both(spans, today)
    assert (ours.reimbursed, ours.limit) == (theirs.used, theirs.limit)
    assert ours.nights_left == theirs.left


def test_random_stay_histories_agree():
    rng = random.Random(110)
    for _ in range(200):
        day = D(2023, 10, 1) + datetime.timedelta(days=rng.randint(0, 900))
        spans = []
        for _ in range(rng.randint(1, 4)):
            length = rng.randint(1, 200)
            spans.append((day, day + datetime.timedelta(days=length)))
            day += datetime.timedelta(days=length + rng.randint(0, 120))
        spans[-1] = (spans[-1][0], None)  # the last stay goes on
        today = spans[-1][0] + datetime.timedelta(days=rng.randint(0, 300))
        ours, theirs = both(spans, today)
        assert ours.reimbursed == theirs.used, (spans, today)
        if today >= D(2026, 4, 1):
            assert ours.nights_left == theirs.left, (spans, today)


def test_before_april_2026_the_counter_looks_ahead_to_the_90_night_limit():
    ours, theirs = both([(D(2025, 1, 10), None)], D(2026, 1, 12))
    assert ours.reimbursed == theirs.used == 2
    assert theirs.left == 118  # 120 in force today
    assert ours.nights_left == 88  # from 1.4.2026 the year's limit is 90
