from decimal import Decimal as D

import pytest

from hjemvej.accounts.models import Unit
from hjemvej.demo.steps import STEPS
from hjemvej.economics import demo
from hjemvej.economics.models import CostSheet
from hjemvej.economics.selectors import cost_sheet_rate
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_demo_step_loads_both_ballerup_sheets_and_is_safe_to_run_twice(
    ballerup, ballerup_youth_housing
):
    UnitFactory(municipality=ballerup, kind=Unit.Kind.OFFER, slug="ballerup-housing-first")
    demo.load(lambda _: None)
    demo.load(lambda _: None)
    assert CostSheet.objects.count() == 2
    youth = CostSheet.objects.get(unit__slug="ballerup-ungebolig")
    result = cost_sheet_rate(youth)
    assert (result.total_shown, result.daily_rate_shown) == (D("3916263"), D("1788"))
    assert youth.is_demo is False
    adults = CostSheet.objects.get(unit__slug="ballerup-housing-first")
    assert adults.is_demo is False  # Ballerup's own sheet (DOMAIN §4), not made-up figures
    assert (adults.indirect_pct, adults.supervision_fee) == (D("5"), D("0"))
    rate = cost_sheet_rate(adults)
    assert (rate.total_shown, rate.daily_rate_shown) == (D("818056"), D("448"))


def test_economics_step_runs_after_the_foundation():
    names = [name for name, _ in STEPS]
    assert names.index("economics") > names.index("foundation")
