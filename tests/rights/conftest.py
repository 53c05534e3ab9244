"""A citizen with data in every app that holds citizen data (for the export's completeness and
the retention run)."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from hjemvej.access.models import AccessRequest
from hjemvej.audit.context import acting_as
from hjemvej.courses import services as courses
from hjemvej.courses.models import (
    Cohort,
    CohortMember,
    CourseTemplate,
    FollowUpTask,
    Relapse,
    SupportEntry,
)
from hjemvej.housing import services as housing
from hjemvej.journal import services as journal
from hjemvej.meetings import rules as meeting_rules
from hjemvej.meetings import services as meetings
from hjemvej.meetings.models import ContactPreferences, Reminder
from hjemvej.offers import services as offers
from hjemvej.offers.catalogue import OFFERS, ensure_offer
from hjemvej.people import services as people
from hjemvej.plans import services as plans
from hjemvej.plans.models import Assessment, Goal, Plan, SafetyAssessment
from hjemvej.post import services as post
from hjemvej.rights import services as rights
from hjemvej.stays import services as stays
from hjemvej.tracks import services as tracks
from hjemvej.tracks.models import TrackTemplate
from tests.offers.helpers import SHELTER_OK, bought_offer

TODAY = timezone.localdate()


@pytest.fixture
def full_case(
    ishoj_authority, ishoj_shelter_unit, caseworker_ishoj, shelter_worker_ishoj, citizen_ishoj
):
    """Jørgen in Ishøj, with something in every part of the case."""
    w = SimpleNamespace(citizen=citizen_ishoj, caseworker=caseworker_ishoj)
    shelter = ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])
    cw = caseworker_ishoj
    c = citizen_ishoj
    with acting_as(cw):
        w.relative = people.do_add_relative(user=cw, citizen=c, name="Lone Hansen", role="sibling")
        w.consent = people.do_record_consent(
            user=cw,
            citizen=c,
            direction="disclose",
            information="Boligsituation",
            party="Lone",
            purpose="Netværksmøde",
            valid_from=TODAY,
            valid_until=TODAY + datetime.timedelta(days=365),
        )
        offers.do_refer(user=cw, citizen=c, offer=shelter, facts={})
        Assessment.objects.create(
            citizen=c,
            assessed_on=TODAY,
            unit=ishoj_authority,
            made_by=cw,
            resources="Gode venner",
        )
        SafetyAssessment.objects.create(
            citizen=c,
            assessed_on=TODAY,
            unit=ishoj_authority,
            made_by=cw,
            worries="Bekymring",
            safety_scale=6,
        )
        cohort = Cohort.objects.create(
            offer=shelter,
            name="Egebjerg 1",
            places=5,
            group_min=4,
            group_max=6,
            starts_on=TODAY,
            planned_end=TODAY + datetime.timedelta(days=270),
            adl_starts_on=TODAY,
            adl_ends_on=TODAY + datetime.timedelta(days=30),
        )
        member = CohortMember.objects.create(
            cohort=cohort, citizen=c, seat=1, admitted_on=TODAY, admitted_by=shelter_worker_ishoj
        )
        Relapse.objects.create(
            member=member,
            occurred_on=TODAY,
            note="Tilbagefald",
            treatment_deadline=TODAY + datetime.timedelta(days=14),
        )
        w.plan = plans.do_create_plan(
            user=cw,
            citizen=c,
            kind=Plan.Kind.ACTION_141,
            unit=ishoj_authority,
            starts_on=TODAY - datetime.timedelta(days=30),
            purpose="Egen bolig",
        )
        goal = plans.do_add_goal(
            user=cw, plan=w.plan, kind=Goal.Kind.CITIZEN, title="Jeg vil have en hund"
        )
        w.sub_goal = plans.do_add_sub_goal(
            user=cw, goal=goal, text="Jeg har en ugeplan", follow_up_on=TODAY
        )
        plans.do_record_score(user=cw, sub_goal=w.sub_goal, scored_on=TODAY, value=2)
        application = housing.do_add_application(
            user=cw, citizen=c, channel="allocation", applied_on=TODAY
        )
        housing.do_record_housing_offer(
            user=cw, application=application, offered_on=TODAY, address="Vejleåvej 12"
        )
        housing.do_record_income(
            user=cw,
            citizen=c,
            source="cash_benefit",
            monthly_amount=Decimal("11900"),
            valid_from=TODAY,
            note="Oplyst af Ydelsescentret",
        )
        debt = housing.do_register_debt(
            user=cw,
            citizen=c,
            creditor="Ishøj Boligselskab",
            amount=Decimal("18400"),
            registered_on=TODAY,
        )
        housing.do_make_agreement(
            user=cw,
            debt=debt,
            agreed_on=TODAY,
            monthly_amount=Decimal("500"),
            first_due_on=TODAY,
        )
        w.signed = journal.do_write_note(
            user=cw,
            citizen=c,
            unit=ishoj_authority,
            kind="contact",
            text="Jørgen kom forbi og fortalte om sin bror.",
            occurred_on=TODAY,
            sign=True,
        )
        w.draft = journal.do_write_note(
            user=cw,
            citizen=c,
            unit=ishoj_authority,
            kind="observation",
            text="Arbejdsnotat: mine egne tanker",
            occurred_on=TODAY,
        )
        journal.do_send_citizen_message(citizen=c, unit=ishoj_authority, text="Hej fra Jørgen")
        track = tracks.do_start_track(
            user=cw,
            citizen=c,
            template=TrackTemplate.objects.get(code="herning-sundhed"),
            unit=ishoj_authority,
            started_on=TODAY,
        )
        tracks.do_record_step(
            user=cw, step=track.steps.first(), status="done", done_on=TODAY, outcome="Vaccineret"
        )
        meeting = meetings.do_book_meeting(
            user=cw,
            kind=meeting_rules.GOAL_YEARLY,
            unit=ishoj_authority,
            starts_at=timezone.now() + datetime.timedelta(days=3),
            duration_minutes=60,
            place="Ishøj Store Torv 20",
            citizen=c,
        )
        post.do_send_meeting_invitation(user=cw, meeting=meeting)
        ContactPreferences.objects.get_or_create(citizen=c)
        if not Reminder.objects.filter(citizen=c).exists():
            Reminder.objects.create(
                meeting=meeting,
                citizen=c,
                channel="sms",
                recipient="12345678",
                send_at=timezone.now(),
                text="Husk mødet",
            )
        AccessRequest.objects.create(
            citizen=c,
            unit=ishoj_shelter_unit,
            requested_by=shelter_worker_ishoj,
            reason="Borgeren er mødt op på herberget.",
            requested_at=timezone.now(),
        )
    with acting_as(shelter_worker_ishoj):
        stays.do_admit(user=shelter_worker_ishoj, offer=shelter, citizen=c, facts=SHELTER_OK)
        course = courses.do_start_course(
            user=shelter_worker_ishoj,
            citizen=c,
            template=CourseTemplate.objects.get(code="cti"),
            unit=ishoj_shelter_unit,
            started_on=TODAY,
            tenancy_from=TODAY,
        )
        SupportEntry.objects.create(
            citizen=c,
            unit=ishoj_shelter_unit,
            course=course,
            date=TODAY,
            minutes=30,
            kind=SupportEntry._meta.get_field("kind").choices[0][0],
            registered_by=shelter_worker_ishoj,
        )
    with acting_as(cw):
        move = courses.do_register_move_to_own_home(
            citizen=c, moved_on=TODAY, source="Test", unit=ishoj_authority
        )
    assert FollowUpTask.objects.filter(move=move).exists()
    # Placed in an offer Ishøj buys, with a plan to bring him home (issue 16).
    bought = bought_offer(c.acting_municipality)
    with acting_as(cw):
        stays.do_create_placement(
            user=cw,
            citizen=c,
            offer=bought,
            started_on=TODAY - datetime.timedelta(days=30),
            local_offer=shelter,
            plan_status="planned",
            target_date=TODAY + datetime.timedelta(days=60),
            plan_steps="Samtale om at flytte hjem",
        )
    w.insight = rights.do_request_insight(citizen=c, basis="aktindsigt")
    w.correction = rights.do_request_correction(citizen=c, text="Mit telefonnummer er forkert.")
    with acting_as(cw):
        w.hold = rights.do_place_hold(user=cw, citizen=c, reason="Klage over afgørelse")
        rights.do_lift_hold(user=cw, hold=w.hold, reason="Klagen er afgjort")
    return w
