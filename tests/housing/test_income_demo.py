"""The demo's incomes (issue 16, item 3): cash benefit, SU and pensions, a home in another
municipality flagged for a citizen on cash benefit, and a rent too high."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from hjemvej.housing import selectors
from hjemvej.housing.models import Income
from hjemvej.stays.models import Stay

pytestmark = pytest.mark.django_db


def test_demo_incomes_and_flagged_homes():
    call_command("demo", "--no-migrate", stdout=open("/dev/null", "w"))  # noqa: SIM115
    count = Income.objects.count()
    call_command("demo", "--no-migrate", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Income.objects.count() == count
    assert {"cash_benefit", "su", "apprentice", "pension"} <= set(
        Income.objects.values_list("source", flat=True)
    )
    today = timezone.localdate()
    flags = []
    for citizen in {i.citizen for i in Income.objects.select_related("citizen")}:
        for offer in selectors.housing_overview(citizen, today).flagged_offers:
            flags.append(offer.income_check)
    assert any(c.cash_benefit_elsewhere for c in flags)
    assert any(c.affordability.cannot_pay and not c.cash_benefit_elsewhere for c in flags)
    young = Stay.objects.filter(offer__unit__slug="ballerup-ungebolig", ended_on__isnull=True)
    assert young.exists() and all(s.own_payment_per_night > 0 for s in young)
