"""The heavy computations of issue 13 cost the same number of queries at two data sizes: the
outcome report of a municipality and of the whole country, the reimbursement of every §110 stay
of a year and the national count. The work grows with the stays; the round trips do not."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hjemvej.accounts.models import Municipality, Unit
from hjemvej.economics.models import CostSheet
from hjemvej.offers.catalogue import OFFERS, ensure_offer
from hjemvej.reports import selectors
from hjemvej.stays.models import Stay
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

D = datetime.date
MONDAY = D(2025, 2, 3)


@pytest.fixture
def shelter(ishoj, ballerup, ishoj_shelter_unit):
    offer = ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])
    CostSheet.objects.create(
        unit=ishoj_shelter_unit,
        budget_year=2024,
        salaries=Decimal("255500"),
        other=Decimal("0"),
        salary_pools_pct=Decimal("0"),
        maintenance_pct=Decimal("0"),
        indirect_pct=Decimal("0"),
        places=1,
    )
    return offer


def _grow(shelter, municipalities, n: int, offset: int) -> None:
    """n citizens, each with a stay across the reform of 1.10.2023 (counted, not priced), a
    long stay in 2024 that runs into 2025 (a running year begun before the report year) and a
    stay in the count week."""
    for i in range(n):
        citizen = CitizenFactory(acting_municipality=municipalities[(offset + i) % 2])
        day = datetime.timedelta(days=(offset + i) % 20)
        for start, end in [
            (D(2023, 9, 1) + day, D(2023, 10, 20) + day),
            (D(2024, 10, 1) + day, D(2025, 1, 20) + day),
            (D(2025, 2, 1) + day, D(2025, 3, 1) + day),
        ]:
            Stay.objects.create(
                citizen=citizen,
                offer=shelter,
                decided_on=start,
                started_on=start,
                ended_on=end,
                destination="own_home",
            )


def _queries(fn):
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    return len(ctx.captured_queries), result


def _measure(ishoj, municipalities):
    offers = list(Unit.objects.filter(kind=Unit.Kind.OFFER).select_related("municipality"))
    local = selectors.Scope("Ishøj Kommune", ishoj, [u for u in offers if u.municipality == ishoj])
    national = selectors.Scope("Hele landet", ishoj, offers)
    counts, results = {}, {}
    for name, fn in {
        "municipality": lambda: selectors.outcome_report(local, 2025),
        "national": lambda: selectors.outcome_report(national, 2025),
        "reimbursement": lambda: selectors.year_reimbursement(2025),
        "count": lambda: selectors.load_count(
            municipalities, MONDAY, MONDAY + datetime.timedelta(days=6)
        ),
    }.items():
        counts[name], results[name] = _queries(fn)
    return counts, results


def test_reports_reimbursement_and_count_cost_the_same_queries_at_two_sizes(
    shelter, ishoj, ballerup
):
    municipalities = list(Municipality.objects.filter(pk__in=[ishoj.pk, ballerup.pk]))
    _grow(shelter, municipalities, 3, 0)
    small, small_results = _measure(ishoj, municipalities)
    _grow(shelter, municipalities, 30, 3)
    large, large_results = _measure(ishoj, municipalities)

    assert large == small
    assert small["reimbursement"] == 3
    # The bigger data are really in the figures.
    nights = large_results["national"].figure("nights")
    assert nights is not None and nights.count > small_results["national"].figure("nights").count
    _months, totals = large_results["reimbursement"]
    assert totals.nights == nights.count
    assert totals.reimbursed_nights > 0
    assert sum(r.total for r in large_results["count"]) > sum(
        r.total for r in small_results["count"]
    )
