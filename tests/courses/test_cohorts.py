"""Housing First cohorts (issue 15 item 3): places, group size, levels from the latest VUM
assessment, "start with men", relapse → conversation task, no treatment → the participant
leaves, all logged."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hjemvej.accounts.models import Role
from hjemvej.audit.context import acting_as
from hjemvej.audit.models import AuditEntry
from hjemvej.courses import cohort_rules, services
from hjemvej.courses.models import CohortMember
from hjemvej.deadlines.models import Task
from hjemvej.offers.models import ReferralStatus
from hjemvej.offers.services import do_update_offer
from hjemvej.people.models import Relationship
from tests.courses.cohort_helpers import TODAY, candidate, cohort, housing_first
from tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def hf(ballerup):
    return housing_first(ballerup)


def admit(c, staff, citizen, on=None):
    with acting_as(staff):
        return services.do_admit_to_cohort(user=staff, cohort=c, citizen=citizen, on=on)


def test_cohort_takes_places_group_and_nine_months_from_the_offer(hf):
    offer, staff = hf
    c = cohort(offer, staff, starts_on=datetime.date(2027, 1, 15))
    assert (c.places, c.group_min, c.group_max) == (5, 4, 6)
    assert c.planned_end == datetime.date(2027, 10, 15)
    assert c.men_only is True  # the offer's "start with men" is on in Ballerup's catalogue
    assert AuditEntry.objects.filter(summary__startswith="Gruppe Gruppe 1 oprettet").exists()


def test_cohort_errors_by_field_in_danish(hf):
    offer, staff = hf
    start = TODAY + datetime.timedelta(days=10)
    with acting_as(staff), pytest.raises(ValidationError) as exc:
        services.do_create_cohort(
            user=staff,
            offer=offer,
            name="",
            starts_on=start,
            planned_end=start + datetime.timedelta(days=400),
            adl_starts_on=None,
            adl_ends_on=None,
        )
    errors = exc.value.message_dict
    assert errors["name"] == ["Skriv gruppens navn."]
    assert errors["planned_end"][0].startswith("Forløbet varer højst 9 måneder")
    assert "ADL-kurset er obligatorisk" in errors["adl_starts_on"][0]


def test_admission_reads_level_from_latest_assessment_and_refuses_a_sixth(
    hf, caseworker_ballerup, ballerup_authority
):
    offer, staff = hf
    c = cohort(offer, staff)
    people = [
        candidate(offer, caseworker_ballerup, ballerup_authority, level=2, n=n) for n in range(6)
    ]
    for citizen in people[:5]:
        m = admit(c, staff, citizen)
        assert m.level == 2 and m.flags == []
        assert m.referral.status == ReferralStatus.ADMITTED
        assert Relationship.objects.filter(citizen=citizen, unit=offer.unit, kind="course").exists()
    assert sorted(c.members.values_list("seat", flat=True)) == [1, 2, 3, 4, 5]
    with pytest.raises(ValidationError) as exc:
        admit(c, staff, people[5])
    assert exc.value.message_dict["citizen"] == [
        "Alle 5 pladser (boliger) i gruppen er optaget. Der er ikke en bolig til flere deltagere."
    ]
    assert c.members.count() == 5


def test_level_far_from_the_group_or_missing_is_flagged_not_refused(
    hf, caseworker_ballerup, ballerup_authority
):
    offer, staff = hf
    c = cohort(offer, staff)
    admit(c, staff, candidate(offer, caseworker_ballerup, ballerup_authority, level=1, n=1))
    far = admit(c, staff, candidate(offer, caseworker_ballerup, ballerup_authority, level=3, n=2))
    assert "Funktionsniveau 3 ligger langt fra gruppens (1)" in far.flags[0]
    none = admit(c, staff, candidate(offer, caseworker_ballerup, ballerup_authority, level=None))
    assert none.flags == [
        "Intet funktionsniveau: borgeren har ingen udredning (VUM) med et vurderet niveau."
    ]


def test_start_with_men_refuses_others_and_can_be_switched_off(
    hf, caseworker_ballerup, ballerup_authority
):
    offer, staff = hf
    woman = candidate(offer, caseworker_ballerup, ballerup_authority, gender="female", n=7)
    c = cohort(offer, staff)
    with pytest.raises(ValidationError) as exc:
        admit(c, staff, woman)
    assert "Tilbuddet starter med mænd" in exc.value.message_dict["citizen"][0]
    manager = member(UserFactory(username="leder.hf"), offer.unit, Role.MANAGER)
    with acting_as(manager):
        offer = do_update_offer(user=manager, offer=offer, changes={"start_with_men": False})
    later = cohort(offer, staff, name="Gruppe 2")
    assert admit(later, staff, woman).seat == 1


def test_no_approved_referral_is_refused(hf, caseworker_ballerup, ballerup_authority):
    offer, staff = hf
    c = cohort(offer, staff)
    citizen = candidate(offer, caseworker_ballerup, ballerup_authority, approve=False)
    with pytest.raises(ValidationError) as exc:
        admit(c, staff, citizen)
    assert "skal være visiteret (bevilget)" in exc.value.message_dict["citizen"][0]


def test_below_minimum_is_flagged_until_start_then_as_running_short():
    start = datetime.date(2027, 3, 1)
    before = cohort_rules.cohort_flags(
        active=3,
        group_min=4,
        starts_on=start,
        today=start.replace(day=1) - datetime.timedelta(days=1),
    )
    assert before == [
        "Under 4 deltagere: gruppen har 3 og skal have mindst 4 ved starten 01.03.2027."
    ]
    assert (
        "under de 4"
        in cohort_rules.cohort_flags(active=3, group_min=4, starts_on=start, today=start)[0]
    )
    assert cohort_rules.cohort_flags(active=4, group_min=4, starts_on=start, today=start) == []


def test_relapse_makes_a_conversation_task_at_once_and_treatment_keeps_the_place(
    hf, caseworker_ballerup, ballerup_authority
):
    offer, staff = hf
    c = cohort(offer, staff, starts_on=TODAY - datetime.timedelta(days=20))
    citizen = candidate(offer, caseworker_ballerup, ballerup_authority)
    m = admit(c, staff, citizen, on=TODAY - datetime.timedelta(days=20))
    with acting_as(staff):
        relapse = services.do_record_relapse(
            user=staff, member=m, occurred_on=TODAY - datetime.timedelta(days=1), note="Kokain"
        )
    conversation = Task.objects.get(citizen=citizen, kind=Task.Kind.RELAPSE_CONVERSATION)
    assert conversation.due_on == TODAY and conversation.unit == offer.unit
    restart = Task.objects.get(citizen=citizen, kind=Task.Kind.TREATMENT_RESTART)
    assert restart.due_on == TODAY + datetime.timedelta(days=13)
    with acting_as(staff):
        services.do_record_treatment_restarted(user=staff, relapse=relapse)
    assert not Task.objects.filter(citizen=citizen, done_on__isnull=True).exists()
    assert services.end_lapsed_participants(TODAY + datetime.timedelta(days=60)) == 0
    m.refresh_from_db()
    assert m.is_active


def test_no_treatment_by_the_deadline_the_participant_leaves_with_the_reason(
    hf, caseworker_ballerup, ballerup_authority
):
    offer, staff = hf
    c = cohort(offer, staff, starts_on=TODAY - datetime.timedelta(days=60))
    citizen = candidate(offer, caseworker_ballerup, ballerup_authority)
    m = admit(c, staff, citizen, on=TODAY - datetime.timedelta(days=60))
    occurred = TODAY - datetime.timedelta(days=20)
    with acting_as(staff):
        services.do_record_relapse(user=staff, member=m, occurred_on=occurred)
    assert services.end_lapsed_participants(TODAY - datetime.timedelta(days=6)) == 0
    assert services.end_lapsed_participants(TODAY) == 1
    m.refresh_from_db()
    assert m.left_on == occurred + datetime.timedelta(days=14)
    assert m.leave_reason == (
        f"Behandlingen blev ikke genoptaget efter tilbagefaldet den {occurred:%d.%m.%Y} "
        f"(frist {occurred + datetime.timedelta(days=14):%d.%m.%Y}, 14 dage)."
    )
    assert AuditEntry.objects.filter(summary__contains="Behandlingen blev ikke genoptaget").exists()
    assert not Relationship.objects.filter(
        citizen=citizen, unit=offer.unit, kind="course", ended_on__isnull=True
    ).exists()


def test_leaving_needs_a_reason_and_frees_the_seat(hf, caseworker_ballerup, ballerup_authority):
    offer, staff = hf
    c = cohort(offer, staff)
    m = admit(c, staff, candidate(offer, caseworker_ballerup, ballerup_authority))
    with acting_as(staff), pytest.raises(ValidationError) as exc:
        services.do_leave_cohort(user=staff, member=m, left_on=TODAY, reason=" ")
    assert exc.value.message_dict["reason"] == [
        "Skriv begrundelsen for, at deltageren forlader gruppen."
    ]
    with acting_as(staff):
        services.do_leave_cohort(user=staff, member=m, left_on=TODAY, reason="Flyttet")
    nxt = admit(c, staff, candidate(offer, caseworker_ballerup, ballerup_authority, n=3))
    assert nxt.seat == 1


def test_database_refuses_two_active_participants_on_one_seat(
    hf, caseworker_ballerup, ballerup_authority
):
    offer, staff = hf
    c = cohort(offer, staff)
    m = admit(c, staff, candidate(offer, caseworker_ballerup, ballerup_authority))
    other = candidate(offer, caseworker_ballerup, ballerup_authority, n=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        CohortMember.objects.create(cohort=c, citizen=other, seat=m.seat, admitted_on=TODAY)
