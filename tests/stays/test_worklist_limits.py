"""The stays worklist at national scale (issue 13): it judges the open shelter stays only until
its lists are full, and reads a citizen's §110 history only from the first night that can count
towards a limit. Both must show exactly what judging every stay on its whole history shows."""

import datetime

import pytest
from django.utils import timezone

from hjemvej.economics.reimbursement import counted_from, running_year_status
from hjemvej.economics.selectors import reimbursement_rules
from hjemvej.offers.catalogue import OFFERS, ensure_offer
from hjemvej.stays import selectors
from hjemvej.stays.models import Stay
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def shelter(ishoj_shelter_unit):
    return ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])


def _stay(shelter, citizen, start, end=None):
    return Stay.objects.create(
        citizen=citizen, offer=shelter, decided_on=start, started_on=start, ended_on=end
    )


def _lists(user, today):
    wl = selectors.worklist(user=user, today=today)
    return (
        [(s.pk, ry) for s, ry in wl.reimbursement],
        [(s.pk, months) for s, months in wl.long_stays],
        wl.reimbursement_count,
        wl.long_stays_count,
    )


def test_the_lists_cut_at_the_limit_are_the_first_rows_of_the_whole_lists(
    monkeypatch, caseworker_ishoj, shelter, ishoj
):
    """Oldest stays first, warnings and long stays mixed: with any limit the worklist shows the
    first rows of the lists it shows without one, whichever list fills first."""
    today = timezone.localdate()
    # days ago: 560 (18 months, reimbursement used up), 545 (over 12 months, used up), 400
    # (over 12 months, a new running year with nights left), 200 and 100 (used up), 80 (10
    # nights left), 30 (60 nights left)
    for days in (560, 545, 400, 200, 100, 80, 30):
        _stay(shelter, CitizenFactory(acting_municipality=ishoj), today - days * DAY)
    warnings, long_stays, n_warnings, n_long = _lists(caseworker_ishoj, today)
    assert (n_warnings, n_long) == (len(warnings), len(long_stays))
    assert n_warnings >= 4 and n_long == 3
    for limit in range(1, 8):
        monkeypatch.setattr(selectors, "WORKLIST_LIMIT", limit)
        cut = _lists(caseworker_ishoj, today)
        assert cut == (
            warnings[:limit],
            long_stays[:limit],
            min(limit, n_warnings),
            min(limit, n_long),
        )


@pytest.mark.parametrize("extra_nights", [0, 1])
def test_a_stay_ending_where_the_counting_begins_is_left_out_and_one_night_later_counts(
    extra_nights, caseworker_ishoj, shelter, ishoj
):
    """The worklist reads a citizen's §110 stays from the first night that can count towards
    the running year's limit (economics.reimbursement.counted_from). A stay that ends on that
    day changes nothing; a stay that ends one night later starts the running year that night,
    and the worklist must still see it."""
    rules = reimbursement_rules()
    first = counted_from(rules)
    assert first is not None
    citizen = CitizenFactory(acting_municipality=ishoj)
    old_end = first + extra_nights * DAY
    _stay(shelter, citizen, first - 30 * DAY, old_end)
    _stay(shelter, citizen, old_end)  # still open
    today = first + 360 * DAY  # the year's limit used up: on the worklist
    whole = running_year_status([(first - 30 * DAY, old_end), (old_end, None)], today, rules)
    without_old = running_year_status([(old_end, None)], today, rules)
    assert whole is not None and whole.nights_left <= selectors.REIMBURSEMENT_WARNING_NIGHTS
    # The night on the counting day moves the running year; on the day itself it does not.
    assert (whole == without_old) is (extra_nights == 0)
    warnings, _, _, _ = _lists(caseworker_ishoj, today)
    assert [ry for _, ry in warnings] == [whole]
