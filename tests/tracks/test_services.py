"""Tracks: steps, owners and deadlines from the template (data), the rules on dates and
reasons in the services and in the database, and who may write."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hjemvej.audit.models import AuditEntry
from hjemvej.tracks import rules, services
from hjemvej.tracks.models import Partner, StepTemplate, Track, TrackStep
from tests.tracks.conftest import START

pytestmark = pytest.mark.django_db


def test_deadline_in_working_days_skips_easter():
    # 2 working days after Wednesday 1 April 2026: Thursday, Friday and Monday are holidays.
    assert rules.step_due(START, 2) == datetime.date(2026, 4, 8)
    assert rules.step_due(START, None) is None
    assert rules.on_time(datetime.date(2026, 4, 8), datetime.date(2026, 4, 8))
    assert not rules.on_time(datetime.date(2026, 4, 8), datetime.date(2026, 4, 9))
    assert rules.on_time(None, START)
    assert not rules.on_time(START, None)


def test_the_three_tracks_are_seeded_as_data(health, employment, community):
    assert [s.code for s in employment.steps.all()] == [
        "employment_contact",
        "motivation",
        "bridge",
    ]
    assert health.steps.filter(code="hepatitis_vaccination").exists()
    assert community.goal == "Borgeren opsøger selv fællesskaber og dagtilbud"
    assert {health.kind, employment.kind, community.kind} == {"health", "employment", "community"}


def test_start_copies_steps_owners_and_deadlines(track, caseworker_ishoj):
    steps = list(track.steps.order_by("number"))
    assert [s.code for s in steps] == ["employment_contact", "motivation", "bridge"]
    assert steps[0].due_on == datetime.date(2026, 4, 8)
    assert steps[0].owner_role == "caseworker" and steps[1].owner_role == "offer_staff"
    assert all(s.status == "open" for s in steps)
    assert AuditEntry.objects.filter(
        summary="Spor startet: Beskæftigelse", citizen_uuid=track.citizen.uuid
    ).exists()


def test_a_changed_template_changes_new_tracks_only(
    track, employment, caseworker_ishoj, citizen_ballerup
):
    StepTemplate.objects.filter(template=employment, code="employment_contact").update(
        deadline_working_days=1
    )
    assert track.steps.get(code="employment_contact").due_on == datetime.date(2026, 4, 8)
    assert rules.step_due(START, 1) == datetime.date(2026, 4, 7)


def test_one_open_track_of_a_kind(
    track, caseworker_ishoj, citizen_ishoj, ishoj_authority, employment
):
    with pytest.raises(ValidationError) as err:
        services.do_start_track(
            user=caseworker_ishoj,
            citizen=citizen_ishoj,
            template=employment,
            unit=ishoj_authority,
            started_on=START,
        )
    assert "igangværende" in err.value.message_dict["template"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Track.objects.create(
            citizen=citizen_ishoj,
            template=employment,
            kind=employment.kind,
            unit=ishoj_authority,
            started_on=START,
        )
    services.do_end_track(
        user=caseworker_ishoj, track=track, status="stopped", ended_on=START, reason="Flyttet"
    )
    again = services.do_start_track(
        user=caseworker_ishoj,
        citizen=citizen_ishoj,
        template=employment,
        unit=ishoj_authority,
        started_on=START,
    )
    assert again.is_active


def test_start_refuses_a_future_date(caseworker_ishoj, citizen_ishoj, ishoj_authority, health):
    with pytest.raises(ValidationError) as err:
        services.do_start_track(
            user=caseworker_ishoj,
            citizen=citizen_ishoj,
            template=health,
            unit=ishoj_authority,
            started_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert err.value.message_dict["started_on"] == ["Datoen kan ikke ligge i fremtiden."]


def test_step_done_or_not_relevant_with_reason(track, caseworker_ishoj):
    first, second = track.steps.order_by("number")[:2]
    with pytest.raises(ValidationError) as err:
        services.do_record_step(
            user=caseworker_ishoj, step=first, status="not_relevant", done_on=START
        )
    assert err.value.message_dict["outcome"] == ["Skriv hvorfor trinnet ikke er relevant."]
    with pytest.raises(ValidationError) as err:
        services.do_record_step(
            user=caseworker_ishoj,
            step=first,
            status="done",
            done_on=START - datetime.timedelta(days=1),
        )
    assert "før sporets start" in err.value.message_dict["done_on"][0]
    done = services.do_record_step(
        user=caseworker_ishoj, step=first, status="done", done_on=START, outcome="Møde holdt"
    )
    assert done.status == "done" and done.done_on == START
    skipped = services.do_record_step(
        user=caseworker_ishoj,
        step=second,
        status="not_relevant",
        done_on=START,
        outcome="Borgeren er allerede i job",
    )
    assert skipped.status == "not_relevant"
    with pytest.raises(ValidationError, match="allerede afsluttet"):
        services.do_record_step(user=caseworker_ishoj, step=first, status="done", done_on=START)


def test_database_refuses_closed_step_without_date_and_skip_without_reason(track):
    step = track.steps.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        TrackStep.objects.filter(pk=step.pk).update(status="done")
    with pytest.raises(IntegrityError), transaction.atomic():
        TrackStep.objects.filter(pk=step.pk).update(status="not_relevant", done_on=START)
    with pytest.raises(IntegrityError), transaction.atomic():
        Track.objects.filter(pk=track.pk).update(
            status="goal_met", ended_on=START - datetime.timedelta(days=1)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Track.objects.filter(pk=track.pk).update(status="stopped", ended_on=START)


def test_plan_step_owner_must_work_at_the_unit(track, caseworker_ishoj, shelter_worker_ishoj):
    step = track.steps.get(code="motivation")
    with pytest.raises(ValidationError) as err:
        services.do_plan_step(
            user=caseworker_ishoj, step=step, due_on=START, owner=shelter_worker_ishoj
        )
    assert "arbejde på" in err.value.message_dict["owner"][0]
    with pytest.raises(ValidationError) as err:
        services.do_plan_step(
            user=caseworker_ishoj, step=step, due_on=START - datetime.timedelta(days=1), owner=None
        )
    assert "før sporets start" in err.value.message_dict["due_on"][0]
    planned = services.do_plan_step(
        user=caseworker_ishoj, step=step, due_on=START, owner=caseworker_ishoj, note="Ring"
    )
    assert planned.owner == caseworker_ishoj and planned.note == "Ring"


def test_end_goal_met_or_stopped_with_reason(track, caseworker_ishoj):
    with pytest.raises(ValidationError) as err:
        services.do_end_track(user=caseworker_ishoj, track=track, status="stopped", ended_on=START)
    assert err.value.message_dict["reason"] == ["Skriv hvorfor sporet stoppes."]
    ended = services.do_end_track(
        user=caseworker_ishoj, track=track, status="goal_met", ended_on=START
    )
    assert ended.status == "goal_met" and ended.ended_on == START
    with pytest.raises(ValidationError, match="afsluttet"):
        services.do_record_step(
            user=caseworker_ishoj, step=track.steps.first(), status="done", done_on=START
        )


def test_another_municipality_cannot_write(
    track, caseworker_ballerup, ballerup_authority, citizen_ishoj, employment
):
    with pytest.raises(PermissionDenied):
        services.do_start_track(
            user=caseworker_ballerup,
            citizen=citizen_ishoj,
            template=employment,
            unit=ballerup_authority,
            started_on=START,
        )
    with pytest.raises(PermissionDenied):
        services.do_record_step(
            user=caseworker_ballerup, step=track.steps.first(), status="done", done_on=START
        )


def test_partners_contacts_and_forum(ishoj, caseworker_ishoj, caseworker_ballerup, analyst_ishoj):
    with pytest.raises(ValidationError) as err:
        services.do_save_partner(
            user=caseworker_ishoj,
            municipality=ishoj,
            kind="jobcenter",
            name="Jobcenter Ishøj",
            valid_from=START,
            valid_until=START - datetime.timedelta(days=1),
        )
    assert err.value.message_dict["valid_until"] == ["Aftalen kan ikke slutte, før den begynder."]
    partner = services.do_save_partner(
        user=caseworker_ishoj, municipality=ishoj, kind="jobcenter", name="Jobcenter Ishøj"
    )
    with pytest.raises(ValidationError) as err:
        services.do_save_partner(
            user=caseworker_ishoj, municipality=ishoj, kind="housing", name="jobcenter ishøj"
        )
    assert "allerede" in err.value.message_dict["name"][0]
    with pytest.raises(ValidationError) as err:
        services.do_add_contact(user=caseworker_ishoj, partner=partner, name="Bo")
    assert err.value.message_dict["phone"] == ["Skriv et telefonnummer eller en e-mailadresse."]
    contact = services.do_add_contact(
        user=caseworker_ishoj, partner=partner, name="Bo", phone="12345678", forum_member=True
    )
    meeting = services.do_record_forum_meeting(
        user=caseworker_ishoj,
        municipality=ishoj,
        held_on=START,
        subject="Boliger",
        participants=[contact],
    )
    assert list(meeting.participants.all()) == [contact]
    for outsider in (caseworker_ballerup, analyst_ishoj):
        with pytest.raises(PermissionDenied):
            services.do_save_partner(user=outsider, municipality=ishoj, kind="other", name="X")
    assert Partner.objects.count() == 1
