"""A stay at a bought §110 shelter counts wherever a stay counts (issue 16): the outcome
report's nights and money (at the agreed price, less own payment, with the reimbursement),
the year's reimbursement and the national count."""

import datetime
from decimal import Decimal

import pytest

from hjemvej.offers.models import LegalBasis, Operator
from hjemvej.offers.services import do_register_bought_offer
from hjemvej.reports import count, selectors
from hjemvej.stays.services import do_discharge, do_register_external_stay
from tests.factories import CitizenFactory

D = datetime.date
YEAR = 2026

pytestmark = pytest.mark.django_db


@pytest.fixture
def external_stay(caseworker_ishoj, ishoj):
    offer = do_register_bought_offer(
        user=caseworker_ishoj,
        municipality=ishoj,
        name="Forsorgshjemmet Vestvolden (fiktivt)",
        operator=Operator.PRIVATE,
        provider="Vestvolden Fond (fiktiv)",
        legal_basis=LegalBasis.SEL_110,
        price_per_night=Decimal("1000"),
    )
    citizen = CitizenFactory(acting_municipality=ishoj)
    stay = do_register_external_stay(
        user=caseworker_ishoj,
        offer=offer,
        citizen=citizen,
        started_on=D(YEAR, 3, 1),
        notice_received_on=D(YEAR, 3, 3),
        own_payment_per_night=Decimal("100"),
    )
    return do_discharge(
        user=caseworker_ishoj, stay=stay, ended_on=D(YEAR, 3, 31), destination="own_home"
    )


def test_the_outcome_report_counts_and_prices_the_external_stay(external_stay, manager_ishoj):
    scope = selectors.scope_for(manager_ishoj, {"kommune": "183"})
    report = selectors.outcome_report(scope, YEAR)
    assert report.figure("served").count == 1
    assert report.figure("nights").count == 30
    assert report.figure("gross").value == Decimal("30000")
    assert report.figure("own_payment").value == Decimal("3000")
    # 50 % of (1,000 − 100) × 30 nights, well within the running year's 120 nights.
    assert report.figure("reimbursement").value == Decimal("13500")
    assert report.figure("net").value == Decimal("13500")
    assert report.figure("destination-own_home").count == 1


def test_the_years_reimbursement_holds_the_external_stay(external_stay):
    months, total = selectors.year_reimbursement(YEAR)
    assert total.nights == 30
    assert total.reimbursement == Decimal("13500")


def test_the_national_count_counts_the_citizen_at_the_bought_shelter(
    external_stay, ishoj, caseworker_ishoj
):
    monday, sunday = count.week_bounds(YEAR, 10)  # 2.–8. March 2026
    rows = selectors.load_count([ishoj], monday, sunday)
    shelter = [r for r in rows if r.category == "shelter"]
    assert shelter and external_stay.citizen_id in shelter[0].citizen_ids
