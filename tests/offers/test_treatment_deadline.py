"""§101: drug treatment starts no later than 14 days after the citizen contacts the municipality."""

import datetime

import pytest

from hjemvej.accounts.models import Role
from hjemvej.deadlines.models import Task
from hjemvej.offers import services
from hjemvej.offers.models import ReferralStatus
from hjemvej.stays.services import do_admit
from tests.factories import UserFactory, member
from tests.offers.helpers import offer_for

pytestmark = pytest.mark.django_db

CANNABIS = {"substances": ["cannabis"], "pre_interview_done": True}


def test_referral_to_pitstop_sets_a_fourteen_day_deadline_that_the_admission_meets(
    ishoj, caseworker_ishoj, citizen_ishoj, as_user
):
    pitstop = offer_for(ishoj, "ishoj-pitstop", "Pitstop")
    referral = services.do_refer(
        user=caseworker_ishoj,
        citizen=citizen_ishoj,
        offer=pitstop,
        facts=CANNABIS,
        on=datetime.date(2026, 11, 2),
    )
    task = Task.objects.get(citizen=citizen_ishoj, kind=Task.Kind.TREATMENT_START)
    assert task.due_on == datetime.date(2026, 11, 16) and task.done_on is None
    client = as_user(caseworker_ishoj)
    lists = [
        client.get(f"/ophold/arbejdsliste/{k}/").content.decode()
        for k in ("frister", "overskredne")
    ]
    assert any("Start behandlingen (§101" in html for html in lists)

    services.do_decide_referral(
        user=caseworker_ishoj, referral=referral, approve=True, on=datetime.date(2026, 11, 3)
    )
    therapist = member(UserFactory(username="pitstop"), pitstop.unit, Role.OFFER_STAFF)
    do_admit(
        user=therapist,
        offer=pitstop,
        citizen=citizen_ishoj,
        referral=referral,
        facts=CANNABIS,
        started_on=datetime.date(2026, 11, 10),
        decided_on=datetime.date(2026, 11, 10),
    )
    task.refresh_from_db()
    assert task.done_on == datetime.date(2026, 11, 10) and task.note == "Behandlingen er startet"


def test_a_refused_referral_closes_the_deadline(ishoj, caseworker_ishoj, citizen_ishoj):
    pitstop = offer_for(ishoj, "ishoj-pitstop", "Pitstop")
    referral = services.do_refer(
        user=caseworker_ishoj,
        citizen=citizen_ishoj,
        offer=pitstop,
        facts=CANNABIS,
        on=datetime.date(2026, 11, 2),
    )
    services.do_decide_referral(
        user=caseworker_ishoj,
        referral=referral,
        approve=False,
        reason="Borgeren ønsker behandling i Region Hovedstaden",
        on=datetime.date(2026, 11, 4),
    )
    task = Task.objects.get(citizen=citizen_ishoj, kind=Task.Kind.TREATMENT_START)
    assert task.done_on == datetime.date(2026, 11, 4)
    assert referral.offer.name and ReferralStatus.REFUSED.label.lower() in task.note


def test_other_offers_set_no_treatment_deadline(ishoj, caseworker_ishoj, citizen_ishoj):
    shelter = offer_for(ishoj, "ishoj-herberg", "Herberget")
    services.do_refer(user=caseworker_ishoj, citizen=citizen_ishoj, offer=shelter, facts={})
    assert not Task.objects.filter(kind=Task.Kind.TREATMENT_START).exists()
