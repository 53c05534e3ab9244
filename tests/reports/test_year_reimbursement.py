"""The year's reimbursement of every §110 stay (reports.selectors.year_reimbursement, issue 13)
reads the stays in one pass and counts only the citizens who stayed in the year: its months
and totals are those of the full computation (every stay counted and priced from its first
night), also with citizens who stayed only before or after the year."""

import datetime

import pytest

from hjemvej.economics import pricing, reimbursement
from hjemvej.economics.selectors import daily_rates, reimbursement_rules
from hjemvej.offers.models import LegalBasis
from hjemvej.reports import selectors
from hjemvej.stays.models import Stay
from tests.factories import CitizenFactory
from tests.reports.test_scale_queries import _grow, shelter  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

D = datetime.date


def _full(year: int):
    spans = [
        pricing.StaySpan(
            s.pk,
            str(s.citizen_id),
            s.offer.unit_id,
            s.started_on,
            s.ended_on,
            s.own_payment_per_night,
        )
        for s in Stay.objects.filter(offer__legal_basis=LegalBasis.SEL_110).select_related("offer")
    ]
    rates = daily_rates({span.unit_id for span in spans})
    stays, _owners = pricing.priced_stays(spans, rates, until=D(year + 1, 1, 1))
    months, _totals = reimbursement.reimbursement_totals(stays, reimbursement_rules())
    return {m: t for m, t in months.items() if m[0] == year}


def test_the_year_is_the_full_computation(shelter, ishoj, ballerup):  # noqa: F811
    _grow(shelter, [ishoj, ballerup], 12, 0)
    for start, end in [
        (D(2023, 11, 1), D(2024, 6, 1)),  # only before the year
        (D(2026, 1, 10), None),  # only after it
        (D(2024, 12, 1), None),  # into the year and on
    ]:
        Stay.objects.create(
            citizen=CitizenFactory(acting_municipality=ishoj),
            offer=shelter,
            decided_on=start,
            started_on=start,
            ended_on=end,
        )
    for year in (2024, 2025):
        months, totals = selectors.year_reimbursement(year)
        expected = _full(year)
        assert months == expected
        total = reimbursement.Tally()
        for tally in expected.values():
            total.add(tally)
        assert totals == total
        assert totals.nights and totals.reimbursed_nights
