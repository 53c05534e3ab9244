"""The interval counter (economics.reimbursement) equals the law night by night
(tests/economics/nightly.py) for random stay sets across 1.10.2023 and 1.4.2026: the totals per
stay and in all, and the running year on a day that the board and worklists show."""

import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from hjemvej.economics.reimbursement import Stay, compute_reimbursement, running_year_status
from tests.economics import nightly
from tests.economics.law import LAW

# From before the reform to after the 90-night limit of 1.4.2026.
FIRST_DAY = datetime.date(2022, 9, 1)
LAST_START = datetime.date(2027, 1, 1)
SPAN = (LAST_START - FIRST_DAY).days


@st.composite
def stay_sets(draw):
    """Stays of up to three citizens, under §110, §85a and §107; one citizen's stays under one
    section never overlap."""
    stays = []
    for citizen in draw(st.lists(st.sampled_from("ABC"), min_size=1, max_size=3, unique=True)):
        day = FIRST_DAY + datetime.timedelta(days=draw(st.integers(0, SPAN)))
        for _ in range(draw(st.integers(1, 4))):
            length = draw(st.integers(0, 450))
            rate = Decimal(draw(st.integers(0, 2000)))
            own = Decimal(draw(st.integers(0, int(rate))))
            section = draw(st.sampled_from(["110", "110", "110", "85a", "107"]))
            end = day + datetime.timedelta(days=length)
            decided = day - datetime.timedelta(days=draw(st.integers(-30, 60)))
            stays.append(Stay(citizen, section, day, end, rate, own, decided_on=decided))
            day = end + datetime.timedelta(days=draw(st.integers(0, 400)))
    return stays


@settings(max_examples=5000, deadline=None)
@given(stay_sets())
def test_interval_counter_equals_the_law_night_by_night(stays):
    result = compute_reimbursement(stays, LAW)
    expected = nightly.totals(stays, LAW)
    for r, (nights, reimbursed, reimbursement) in zip(result.stays, expected, strict=True):
        assert (r.tally.nights, r.tally.reimbursed_nights) == (nights, reimbursed)
        assert r.tally.reimbursement == reimbursement
        assert sum(t.nights for t in r.months.values()) == nights
        assert sum(p.tally.reimbursed_nights for p in r.periods) == reimbursed
    assert result.totals.reimbursed_nights == sum(e[1] for e in expected)
    assert result.totals.reimbursement == sum((e[2] for e in expected), Decimal(0))


@st.composite
def histories(draw):
    """One citizen's §110 stays (the last may go on) and a day to look from."""
    spans = []
    day = FIRST_DAY + datetime.timedelta(days=draw(st.integers(0, SPAN)))
    for _ in range(draw(st.integers(0, 4))):
        length = draw(st.integers(1, 300))
        spans.append((day, day + datetime.timedelta(days=length)))
        day += datetime.timedelta(days=length + draw(st.integers(0, 200)))
    if spans and draw(st.booleans()):
        spans[-1] = (spans[-1][0], None)
    today = FIRST_DAY + datetime.timedelta(days=draw(st.integers(0, SPAN + 400)))
    return spans, today


@settings(max_examples=5000, deadline=None)
@given(histories())
def test_running_year_on_a_day_equals_the_law_night_by_night(history):
    spans, today = history
    status = running_year_status(spans, today, LAW)
    expected = nightly.status(spans, today, LAW)
    if expected is None:
        assert status is None
    else:
        assert status is not None
        assert (
            status.starts_on,
            status.ends_on,
            status.nights,
            status.reimbursed,
            status.limit,
            status.nights_left,
        ) == expected
