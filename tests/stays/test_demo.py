"""The demo steps build the offers of DOMAIN.md §2, current stays, a waiting list and the way to
a home – and running them twice changes nothing."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from hjemvej.deadlines.models import Task
from hjemvej.housing.models import HousingApplication, Instalment, RepaymentAgreement
from hjemvej.offers.models import Offer, Referral
from hjemvej.people.models import Relationship
from hjemvej.stays.models import Stay

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        Offer.objects.count(),
        Stay.objects.count(),
        Referral.objects.count(),
        HousingApplication.objects.count(),
        Instalment.objects.count(),
        # (the foundation's own step is not ours to check)
        Relationship.objects.exclude(source="demodata").count(),
    )


def test_demo_offers_stays_and_housing(settings):
    call_command("demo", "--no-migrate", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = snapshot()
    call_command("demo", "--no-migrate", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == first

    shelter = Offer.objects.get(unit__slug="ishoj-herberg")
    assert shelter.rooms.count() == 9
    assert str(shelter.support_hours_per_week) == "11.51"
    assert shelter.stays.filter(ended_on__isnull=True).count() == 9
    assert shelter.referrals.filter(status="waiting").count() == 2
    assert Offer.objects.get(unit__slug="ballerup-ungebolig").places == 9
    # Issue 16: Ishøj's citizens at a bought (private, invented) shelter, one for 14 months.
    bought = Offer.objects.get(unit__name__startswith="Forsorgshjemmet Roskildegården")
    assert bought.is_external and not bought.unit.memberships.exists()
    open_stays = bought.stays.filter(ended_on__isnull=True)
    assert open_stays.count() == 3
    today = timezone.localdate()
    assert max(s.nights_until(today) for s in open_stays) == 426
    assert all(s.price_per_night == 1150 and s.notice_received_on for s in open_stays)
    # One of them has a placement tied to the stay, with a bring-home plan (issue 16).
    (placement,) = [p for s in open_stays for p in s.placements.all()]
    assert placement.target_date and placement.cost_per_month == Decimal("34979.17")
    assert Offer.objects.get(unit__slug="ishoj-skaeve-boliger").rooms.count() == 6
    pitstop = Offer.objects.get(unit__slug="ishoj-pitstop")
    assert {"kind": "substances", "accepted": ["drugs"], "refused": ["alcohol"]} in pitstop.criteria
    assert pitstop.referrals.filter(status="refused").exists()
    group = Offer.objects.get(unit__slug="ballerup-housing-first")
    assert (group.group_min, group.group_max) == (4, 6)
    # The four approved men are admitted to the cohort "Egebjerg 1" (issue 15).
    assert group.referrals.filter(status="admitted").count() == 4
    egebjerg = group.cohorts.get(name="Egebjerg 1")
    assert egebjerg.members.filter(left_on__isnull=True).count() == 4
    assert {m.level for m in egebjerg.members.all()} <= {1, 2}
    assert Task.objects.filter(kind="relapse_conversation").count() == 1
    assert RepaymentAgreement.objects.get().instalments.count() == 4
    for stay in Stay.objects.filter(ended_on__isnull=True):
        assert Relationship.objects.filter(pk=stay.relationship_id, ended_on__isnull=True).exists()
