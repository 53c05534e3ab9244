"""Every service that changes data decides for itself whether the user may do it (through
hjemvej.access.policy), so the UI and the API cannot drift apart. Each `do_*` in
src/hjemvej/*/services.py is called here as people without the right — an analyst, an
administrator, a caseworker of another municipality, a manager where only caseworkers and offer
staff write, an offer worker where the authority decides — and must be refused with nothing
written. A new `do_*` that is not listed below fails `test_every_service_is_listed`."""

import datetime
import hashlib
import importlib
import inspect
import pkgutil
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

import hjemvej
from hjemvej.access import services as access
from hjemvej.access.models import AccessRequest, PlanShare
from hjemvej.accounts.models import Role
from hjemvej.audit.context import acting_as
from hjemvej.courses import services as courses
from hjemvej.courses.models import CourseTemplate, FollowUpTask
from hjemvej.economics import services as economics
from hjemvej.economics.models import CostSheet, InvestmentCase
from hjemvej.housing import services as housing
from hjemvej.journal import services as journal
from hjemvej.meetings import rules as meeting_rules
from hjemvej.meetings import services as meetings
from hjemvej.offers import services as offers
from hjemvej.offers.catalogue import OFFERS, ensure_offer
from hjemvej.people import services as people
from hjemvej.plans import services as plans
from hjemvej.plans.models import Goal, Plan
from hjemvej.post import services as post
from hjemvej.reports import services as reports
from hjemvej.reports.models import ReportJob
from hjemvej.rights import services as rights
from hjemvej.rights.models import Disposal, LegalHold
from hjemvej.sso import services as sso
from hjemvej.sso.models import RoleMapping
from hjemvej.stays import services as stays
from hjemvej.tracks import services as tracks
from hjemvej.tracks.models import TrackTemplate
from tests.factories import CitizenFactory, UnitFactory, UserFactory, member
from tests.offers.helpers import SHELTER_OK, bought_offer

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
SOON = timezone.now() + datetime.timedelta(days=3)

# Services that take no staff user, and why they need no check of their own.
NOT_STAFF_SERVICES = {
    "plans.do_add_citizen_goal": "the citizen on their own pages (portal)",
    "plans.do_update_citizen_goal": "the citizen on their own pages (portal)",
    "plans.do_score_by_citizen": "the citizen on their own pages (portal)",
    "meetings.do_confirm_by_citizen": "the citizen on their own pages (portal)",
    "meetings.do_ask_to_move_by_citizen": "the citizen on their own pages (portal)",
    "journal.do_send_citizen_message": "the citizen on their own pages (portal)",
    "people.do_open_relationship": "a step inside do_refer, do_admit and do_add_application",
    "people.do_close_relationship": "a step inside referral, stay and housing services",
    "courses.do_register_move_to_own_home": "a step inside do_discharge and do_end_course",
    "courses.do_register_shelter_admission": "a step inside do_admit",
    "sso.do_sign_in": "the login itself: the provider's verified identity, no user yet",
    "rights.do_request_insight": "the citizen on their own pages (portal)",
    "rights.do_request_correction": "the citizen on their own pages (portal)",
}


@pytest.fixture
def world(
    ishoj,
    ishoj_authority,
    ishoj_shelter_unit,
    caseworker_ishoj,
    shelter_worker_ishoj,
    manager_ishoj,
    analyst_ishoj,
    citizen_ishoj,
):
    """Ishøj's data about Jørgen and a shelter resident, made by the people who may make it."""
    w = SimpleNamespace()
    w.shelter = ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])
    w.citizen = citizen_ishoj
    w.authority = ishoj_authority
    cw = caseworker_ishoj
    with acting_as(cw):
        w.referral = offers.do_refer(user=cw, citizen=citizen_ishoj, offer=w.shelter, facts={})
        w.plan = plans.do_create_plan(
            user=cw,
            citizen=citizen_ishoj,
            kind=Plan.Kind.ACTION_141,
            unit=ishoj_authority,
            starts_on=TODAY - datetime.timedelta(days=30),
            purpose="Egen bolig",
        )
        w.goal = plans.do_add_goal(
            user=cw, plan=w.plan, kind=Goal.Kind.CITIZEN, title="Jeg vil have en hund"
        )
        w.sub_goal = plans.do_add_sub_goal(
            user=cw, goal=w.goal, text="Jeg har en ugeplan", follow_up_on=TODAY
        )
        w.application = housing.do_add_application(
            user=cw, citizen=citizen_ishoj, channel="allocation", applied_on=TODAY
        )
        w.housing_offer = housing.do_record_housing_offer(
            user=cw, application=w.application, offered_on=TODAY, address="Vejleåvej 12"
        )
        w.debt = housing.do_register_debt(
            user=cw,
            citizen=citizen_ishoj,
            creditor="Ishøj Boligselskab",
            amount=Decimal("18400"),
            registered_on=TODAY,
        )
        w.agreement = housing.do_make_agreement(
            user=cw,
            debt=w.debt,
            agreed_on=TODAY,
            monthly_amount=Decimal("500"),
            first_due_on=TODAY,
        )
        w.income = housing.do_record_income(
            user=cw,
            citizen=citizen_ishoj,
            source="cash_benefit",
            monthly_amount=Decimal("12000"),
            valid_from=TODAY,
        )
        w.note = journal.do_write_note(
            user=cw,
            citizen=citizen_ishoj,
            unit=ishoj_authority,
            kind="contact",
            text="Kladde",
            occurred_on=TODAY,
        )
        w.message = journal.do_send_citizen_message(
            citizen=citizen_ishoj, unit=ishoj_authority, text="Hej"
        )
        w.meeting = meetings.do_book_meeting(
            user=cw,
            kind=meeting_rules.GOAL_YEARLY,
            unit=ishoj_authority,
            starts_at=SOON,
            duration_minutes=60,
            place="Ishøj Store Torv 20",
            citizen=citizen_ishoj,
        )
        w.relative = people.do_add_relative(
            user=cw, citizen=citizen_ishoj, name="Lone", role="sibling"
        )
        w.consent = people.do_record_consent(
            user=cw,
            citizen=citizen_ishoj,
            direction="disclose",
            information="Boligsituation",
            party="Lone",
            purpose="Netværksmøde",
            valid_from=TODAY,
            valid_until=TODAY + datetime.timedelta(days=365),
        )
        w.move = courses.do_register_move_to_own_home(
            citizen=citizen_ishoj, moved_on=TODAY, source="Test", unit=ishoj_authority
        )
        w.followup = FollowUpTask.objects.filter(move=w.move).first()
    resident = CitizenFactory(acting_municipality=ishoj)
    with acting_as(shelter_worker_ishoj):
        w.stay = stays.do_admit(
            user=shelter_worker_ishoj, offer=w.shelter, citizen=resident, facts=SHELTER_OK
        ).stay
        w.course = courses.do_start_course(
            user=shelter_worker_ishoj,
            citizen=resident,
            template=CourseTemplate.objects.get(code="cti"),
            unit=ishoj_shelter_unit,
            started_on=TODAY,
            tenancy_from=TODAY,
        )
    w.task = w.stay.tasks.first()
    # A Housing First cohort at an Ishøj group offer, with one participant and a relapse.
    w.hf = ensure_offer(
        UnitFactory(municipality=ishoj, kind="offer", slug="ishoj-hf", name="HF"),
        OFFERS["ballerup-housing-first"],
    )
    hf_citizen = CitizenFactory(acting_municipality=ishoj, gender="male")
    hf_staff = member(UserFactory(username="hf.ishoj"), w.hf.unit, Role.OFFER_STAFF)
    with acting_as(cw):
        hf_referral = offers.do_refer(
            user=cw,
            citizen=hf_citizen,
            offer=w.hf,
            facts={"physical_care_needs": False, "active_substance_use": False},
        )
        offers.do_decide_referral(user=cw, referral=hf_referral, approve=True)
    with acting_as(hf_staff):
        w.cohort = courses.do_create_cohort(
            user=hf_staff,
            offer=w.hf,
            name="Gruppe 1",
            starts_on=TODAY - datetime.timedelta(days=10),
            adl_starts_on=TODAY - datetime.timedelta(days=5),
            adl_ends_on=TODAY + datetime.timedelta(days=30),
        )
        w.cohort_member = courses.do_admit_to_cohort(
            user=hf_staff,
            cohort=w.cohort,
            citizen=hf_citizen,
            on=TODAY - datetime.timedelta(days=10),
        )
        w.relapse = courses.do_record_relapse(
            user=hf_staff, member=w.cohort_member, occurred_on=TODAY - datetime.timedelta(days=1)
        )
    w.hf_candidate = CitizenFactory(acting_municipality=ishoj, gender="male")
    # An offer Ishøj buys (issue 16) and a stay there, recorded by Ishøj's caseworker.
    with acting_as(cw):
        w.bought = offers.do_register_bought_offer(
            user=cw,
            municipality=ishoj,
            name="Købt herberg",
            operator="private",
            provider="Privat fond",
            legal_basis="sel110",
            price_per_night=Decimal("1000"),
        )
        w.external_stay = stays.do_register_external_stay(
            user=cw,
            offer=w.bought,
            citizen=CitizenFactory(acting_municipality=ishoj),
            started_on=TODAY,
            notice_received_on=TODAY,
        )
    w.external_candidate = CitizenFactory(acting_municipality=ishoj)
    w.cost_sheet = CostSheet.objects.create(
        unit=ishoj_shelter_unit,
        budget_year=2026,
        salaries=Decimal("523000"),
        other=Decimal("239286"),
        places=5,
        occupancy_pct=Decimal("100"),
    )
    # An offer Ishøj buys (issue 16) and Jørgen's placement in it.
    w.placement_offer = bought_offer(ishoj, "ishoj-koebt")
    with acting_as(cw):
        w.placement = stays.do_create_placement(
            user=cw, citizen=citizen_ishoj, offer=w.placement_offer, started_on=TODAY
        )
    w.case = InvestmentCase.objects.create(
        municipality=ishoj, name="Housing First", participants=15, years=3, created_by=manager_ishoj
    )
    w.job = ReportJob.objects.create(
        kind="outcome-xlsx", title="Resultatopgørelse", params={}, requested_by=analyst_ishoj
    )
    w.share = PlanShare.objects.create(
        plan=w.plan, unit=ishoj_shelter_unit, shared_by=cw, shared_at=timezone.now()
    )
    w.access_request = AccessRequest.objects.create(
        citizen=citizen_ishoj,
        unit=ishoj_shelter_unit,
        requested_by=shelter_worker_ishoj,
        reason="Borgeren er mødt op på herberget.",
        requested_at=timezone.now(),
    )
    w.staff_member = member(UserFactory(username="ny.kollega"), ishoj_authority, Role.CASEWORKER)
    w.inactive_member = member(
        UserFactory(username="gammel.kollega", is_active=False), ishoj_authority, Role.CASEWORKER
    )
    w.insight = rights.do_request_insight(citizen=citizen_ishoj, basis="aktindsigt")
    w.correction = rights.do_request_correction(citizen=citizen_ishoj, text="Forkert telefon")
    w.hold = LegalHold.objects.create(citizen=citizen_ishoj, reason="Klage", placed_by=cw)
    w.disposal = Disposal.objects.create(category="case", citizen=citizen_ishoj, due_on=TODAY)
    w.mapping = RoleMapping.objects.create(
        claim_value="sg-sagsbehandlere", unit=ishoj_authority, role=Role.CASEWORKER
    )
    with acting_as(cw):
        w.track = tracks.do_start_track(
            user=cw,
            citizen=citizen_ishoj,
            template=TrackTemplate.objects.get(code="herning-sundhed"),
            unit=ishoj_authority,
            started_on=TODAY,
        )
        w.step = w.track.steps.first()
        w.partner = tracks.do_save_partner(
            user=cw, municipality=ishoj, kind="jobcenter", name="Jobcenter Ishøj"
        )
        w.contact = tracks.do_add_contact(user=cw, partner=w.partner, name="Bo", phone="1")
    return w


@pytest.fixture
def ballerup_admin(ballerup_authority):
    return member(UserFactory(username="admin.ballerup"), ballerup_authority, Role.ADMINISTRATOR)


@pytest.fixture
def ballerup_worker(ballerup, caseworker_ballerup):
    """Staff of Ballerup's youth housing: an offer worker in another municipality."""
    from tests.factories import UnitFactory

    unit = UnitFactory(municipality=ballerup, kind="offer", slug="ballerup-ung", name="Ung")
    return member(UserFactory(username="ung.ballerup"), unit, Role.OFFER_STAFF)


OUTSIDERS = ["analyst_ishoj", "admin_user", "caseworker_ballerup", "ballerup_worker"]
# Everyone but Ishøj's administrator (Ballerup's administrator included).
NON_ADMINISTRATORS = [
    "caseworker_ishoj",
    "manager_ishoj",
    "analyst_ishoj",
    "shelter_worker_ishoj",
    "caseworker_ballerup",
    "ballerup_admin",
]
CITIZEN_WRITERS_ONLY = [*OUTSIDERS, "manager_ishoj"]  # managers read, they do not write
# The municipality's caseworkers, managers and administrators edit its partners.
PARTNER_NON_EDITORS = [
    "analyst_ishoj",
    "shelter_worker_ishoj",
    "caseworker_ballerup",
    "ballerup_worker",
]
# The offer's manager and the municipality's administrator edit the catalogue; no one else.
OFFER_NON_EDITORS = [
    "analyst_ishoj",
    "caseworker_ballerup",
    "ballerup_worker",
    "shelter_worker_ishoj",
    "caseworker_ishoj",
]

# A bought offer (issue 16) is registered by the buyer's authority or administrator.
BOUGHT_NON_BUYERS = [
    "analyst_ishoj",
    "caseworker_ballerup",
    "ballerup_worker",
    "shelter_worker_ishoj",
    "ballerup_admin",
]

# The citizen's rights are the acting municipality's caseworkers' to answer (issue 20).
RIGHTS_NON_HANDLERS = [*OUTSIDERS, "manager_ishoj", "shelter_worker_ishoj"]

# service -> (the people to refuse, how to call it with the world's objects)
CASES = {
    "rights.do_deliver_insight": (
        RIGHTS_NON_HANDLERS,
        lambda w, u: rights.do_deliver_insight(user=u, request=w.insight),
    ),
    "rights.do_register_insight": (
        RIGHTS_NON_HANDLERS,
        lambda w, u: rights.do_register_insight(
            user=u, citizen=w.citizen, basis="gdpr", received_on=TODAY
        ),
    ),
    "rights.do_download_insight": (
        RIGHTS_NON_HANDLERS,
        lambda w, u: rights.do_download_insight(user=u, request=w.insight, kind="pdf"),
    ),
    "rights.do_answer_correction": (
        RIGHTS_NON_HANDLERS,
        lambda w, u: rights.do_answer_correction(
            user=u, correction=w.correction, accept=False, answer="Nej"
        ),
    ),
    "rights.do_add_retention_rule": (
        ["caseworker_ishoj", "manager_ishoj", "analyst_ishoj", "shelter_worker_ishoj"],
        lambda w, u: rights.do_add_retention_rule(
            user=u,
            category="exports",
            months=0,
            days=10,
            archive=False,
            valid_from=TODAY + datetime.timedelta(days=1),
            reason="x",
        ),
    ),
    "rights.do_place_hold": (
        [*OUTSIDERS, "shelter_worker_ishoj"],
        lambda w, u: rights.do_place_hold(user=u, citizen=w.citizen, reason="x"),
    ),
    "rights.do_lift_hold": (
        [*OUTSIDERS, "shelter_worker_ishoj"],
        lambda w, u: rights.do_lift_hold(user=u, hold=w.hold, reason="x"),
    ),
    "rights.do_confirm_disposal": (
        [
            "caseworker_ishoj",
            "shelter_worker_ishoj",
            "analyst_ishoj",
            "admin_user",
            "caseworker_ballerup",
        ],
        lambda w, u: rights.do_confirm_disposal(user=u, disposal=w.disposal),
    ),
    "access.do_break_glass": (
        ["analyst_ishoj", "admin_user"],
        lambda w, u: access.do_break_glass(user=u, cpr=w.citizen.cpr, reason="x" * 20),
    ),
    "offers.do_update_offer": (
        OFFER_NON_EDITORS,
        lambda w, u: offers.do_update_offer(user=u, offer=w.shelter, changes={"capacity": 1}),
    ),
    "offers.do_set_rooms": (
        OFFER_NON_EDITORS,
        lambda w, u: offers.do_set_rooms(user=u, offer=w.shelter, names=["A"]),
    ),
    "offers.do_refer": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: offers.do_refer(user=u, citizen=w.citizen, offer=w.shelter, facts={}),
    ),
    # §110 stk. 4: the shelter's leader decides, not the authority's caseworker.
    # Digital Post: those who write in the record send letters; a decision letter is sent by
    # those who may decide the referral (at a shelter its staff and managers, not the
    # caseworker).
    "post.do_send_stay_notice": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: post.do_send_stay_notice(user=u, stay=w.stay),
    ),
    "post.do_send_meeting_invitation": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: post.do_send_meeting_invitation(user=u, meeting=w.meeting),
    ),
    "post.do_send_decision": (
        [*OUTSIDERS, "caseworker_ishoj"],
        lambda w, u: post.do_send_decision(user=u, referral=w.referral),
    ),
    "offers.do_decide_referral": (
        [*OUTSIDERS, "caseworker_ishoj"],
        lambda w, u: offers.do_decide_referral(
            user=u, referral=w.referral, approve=False, reason="x"
        ),
    ),
    "offers.do_set_referral_paragraph": (
        [*OUTSIDERS, "caseworker_ishoj"],
        lambda w, u: offers.do_set_referral_paragraph(user=u, referral=w.referral, paragraph="82a"),
    ),
    "offers.do_set_referral_status": (
        [*OUTSIDERS, "caseworker_ishoj"],
        lambda w, u: offers.do_set_referral_status(
            user=u, referral=w.referral, to="refused", reason="x"
        ),
    ),
    "offers.do_update_referral_facts": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: offers.do_update_referral_facts(
            user=u, referral=w.referral, facts={"own_home": True}
        ),
    ),
    "stays.do_admit": (
        [*OUTSIDERS, "caseworker_ishoj"],
        lambda w, u: stays.do_admit(user=u, offer=w.shelter, citizen=w.citizen, facts=SHELTER_OK),
    ),
    "stays.do_register_arrival": (
        [*OUTSIDERS, "caseworker_ishoj"],
        lambda w, u: stays.do_register_arrival(
            user=u, offer=w.shelter, citizen=w.citizen, facts=SHELTER_OK
        ),
    ),
    "stays.do_discharge": (
        [*OUTSIDERS, "caseworker_ishoj"],
        lambda w, u: stays.do_discharge(
            user=u, stay=w.stay, ended_on=TODAY, destination="own_home"
        ),
    ),
    "stays.do_set_dst_fields": (
        [*OUTSIDERS, "caseworker_ishoj"],
        lambda w, u: stays.do_set_dst_fields(user=u, stay=w.stay, stay_type="1"),
    ),
    "stays.do_complete_task": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: stays.do_complete_task(user=u, task=w.task),
    ),
    # The alternative to a shelter for a citizen under 25 is the acting municipality's duty:
    # its caseworkers record it, not the shelter.
    "stays.do_record_youth_alternative": (
        [*CITIZEN_WRITERS_ONLY, "shelter_worker_ishoj"],
        lambda w, u: stays.do_record_youth_alternative(
            user=u, stay=w.stay, alternative="youth_housing", answer="accepted", offered_on=TODAY
        ),
    ),
    # Placements in bought offers are the acting municipality's caseworkers' (issue 16).
    "stays.do_create_placement": (
        [*CITIZEN_WRITERS_ONLY, "shelter_worker_ishoj"],
        lambda w, u: stays.do_create_placement(
            user=u, citizen=w.citizen, offer=w.placement_offer, started_on=TODAY
        ),
    ),
    "stays.do_update_placement": (
        [*CITIZEN_WRITERS_ONLY, "shelter_worker_ishoj"],
        lambda w, u: stays.do_update_placement(
            user=u, placement=w.placement, changes={"plan_steps": "Ny plan"}
        ),
    ),
    "offers.do_register_bought_offer": (
        BOUGHT_NON_BUYERS,
        lambda w, u: offers.do_register_bought_offer(
            user=u,
            municipality=w.authority.municipality,
            name="Nyt købt",
            operator="private",
            provider="P",
            legal_basis="sel110",
        ),
    ),
    "offers.do_update_bought_offer": (
        BOUGHT_NON_BUYERS,
        lambda w, u: offers.do_update_bought_offer(
            user=u, offer=w.bought, changes={"provider": "Andet"}
        ),
    ),
    "stays.do_register_external_stay": (
        [*CITIZEN_WRITERS_ONLY, "shelter_worker_ishoj"],
        lambda w, u: stays.do_register_external_stay(
            user=u,
            offer=w.bought,
            citizen=w.external_candidate,
            started_on=TODAY,
            notice_received_on=TODAY,
        ),
    ),
    "stays.do_set_agreed_price": (
        [*CITIZEN_WRITERS_ONLY, "shelter_worker_ishoj"],
        lambda w, u: stays.do_set_agreed_price(
            user=u,
            stay=w.external_stay,
            price_per_night=Decimal("1"),
            own_payment_per_night=Decimal("0"),
        ),
    ),
    "stays.do_set_own_payment": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: stays.do_set_own_payment(user=u, stay=w.stay, amount=Decimal("10")),
    ),
    "plans.do_create_assessment": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: plans.do_create_assessment(
            user=u, citizen=w.citizen, unit=w.authority, assessed_on=TODAY
        ),
    ),
    "plans.do_create_safety_assessment": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: plans.do_create_safety_assessment(
            user=u,
            citizen=w.citizen,
            unit=w.authority,
            assessed_on=TODAY,
            worries="x",
            safety_scale=5,
        ),
    ),
    "plans.do_create_plan": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: plans.do_create_plan(
            user=u,
            citizen=w.citizen,
            kind=Plan.Kind.ACTION_141,
            unit=w.authority,
            starts_on=TODAY,
            purpose="x",
        ),
    ),
    "plans.do_update_plan": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: plans.do_update_plan(
            user=u, plan=w.plan, version=w.plan.version, changes={"purpose": "y"}
        ),
    ),
    "plans.do_record_plan_follow_up": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: plans.do_record_plan_follow_up(user=u, plan=w.plan, followed_up_on=TODAY),
    ),
    "plans.do_sign_off": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: plans.do_sign_off(
            user=u, plan=w.plan, party="citizen", signed_on=TODAY, name="Jørgen"
        ),
    ),
    "plans.do_add_goal": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: plans.do_add_goal(user=u, plan=w.plan, kind=Goal.Kind.CITIZEN, title="x"),
    ),
    "plans.do_update_goal": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: plans.do_update_goal(user=u, goal=w.goal, changes={"title": "y"}),
    ),
    "plans.do_update_sub_goal": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: plans.do_update_sub_goal(user=u, sub_goal=w.sub_goal, changes={"text": "y"}),
    ),
    "plans.do_add_sub_goal": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: plans.do_add_sub_goal(user=u, goal=w.goal, text="x"),
    ),
    "plans.do_record_score": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: plans.do_record_score(user=u, sub_goal=w.sub_goal, scored_on=TODAY, value=2),
    ),
    "courses.do_start_course": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: courses.do_start_course(
            user=u,
            citizen=w.citizen,
            template=CourseTemplate.objects.get(code="cti"),
            unit=w.authority,
            started_on=TODAY,
        ),
    ),
    "courses.do_move_phase": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: courses.do_move_phase(user=u, course=w.course, moved_on=TODAY),
    ),
    "courses.do_end_course": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: courses.do_end_course(
            user=u, course=w.course, ended_on=TODAY, outcome="dropped_out"
        ),
    ),
    "courses.do_set_focus_area": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: courses.do_set_focus_area(
            user=u, course=w.course, dimension="housing", plans={}
        ),
    ),
    "courses.do_register_support": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: courses.do_register_support(
            user=u, citizen=w.citizen, unit=w.authority, date=TODAY, minutes=30, kind="talk"
        ),
    ),
    "courses.do_complete_followup": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: courses.do_complete_followup(user=u, task=w.followup, done_on=TODAY),
    ),
    "courses.do_create_cohort": (
        [*OUTSIDERS, "caseworker_ishoj"],
        lambda w, u: courses.do_create_cohort(
            user=u,
            offer=w.hf,
            name="Gruppe 2",
            starts_on=TODAY,
            adl_starts_on=TODAY,
            adl_ends_on=TODAY + datetime.timedelta(days=30),
        ),
    ),
    "courses.do_admit_to_cohort": (
        [*OUTSIDERS, "caseworker_ishoj"],
        lambda w, u: courses.do_admit_to_cohort(user=u, cohort=w.cohort, citizen=w.hf_candidate),
    ),
    "courses.do_record_relapse": (
        [*OUTSIDERS, "caseworker_ishoj"],
        lambda w, u: courses.do_record_relapse(user=u, member=w.cohort_member, occurred_on=TODAY),
    ),
    "courses.do_record_treatment_restarted": (
        [*OUTSIDERS, "caseworker_ishoj"],
        lambda w, u: courses.do_record_treatment_restarted(user=u, relapse=w.relapse),
    ),
    "courses.do_leave_cohort": (
        [*OUTSIDERS, "caseworker_ishoj"],
        lambda w, u: courses.do_leave_cohort(
            user=u, member=w.cohort_member, left_on=TODAY, reason="x"
        ),
    ),
    "courses.do_record_adl_attendance": (
        [*OUTSIDERS, "caseworker_ishoj"],
        lambda w, u: courses.do_record_adl_attendance(
            user=u, member=w.cohort_member, attended=[], on=w.cohort.adl_starts_on
        ),
    ),
    "courses.do_apply_relapse_rule": (
        [*OUTSIDERS, "caseworker_ishoj"],
        lambda w, u: courses.do_apply_relapse_rule(user=u, cohort=w.cohort),
    ),
    "housing.do_add_application": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: housing.do_add_application(
            user=u, citizen=w.citizen, channel="allocation", applied_on=TODAY
        ),
    ),
    "housing.do_record_housing_offer": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: housing.do_record_housing_offer(
            user=u, application=w.application, offered_on=TODAY, address="x"
        ),
    ),
    "housing.do_answer_housing_offer": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: housing.do_answer_housing_offer(
            user=u, housing_offer=w.housing_offer, answer="declined", reason="x"
        ),
    ),
    "housing.do_close_application": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: housing.do_close_application(user=u, application=w.application),
    ),
    "housing.do_register_debt": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: housing.do_register_debt(
            user=u, citizen=w.citizen, creditor="x", amount=Decimal("1"), registered_on=TODAY
        ),
    ),
    "housing.do_make_agreement": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: housing.do_make_agreement(
            user=u, debt=w.debt, agreed_on=TODAY, monthly_amount=Decimal("1"), first_due_on=TODAY
        ),
    ),
    "housing.do_register_instalment": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: housing.do_register_instalment(
            user=u, agreement=w.agreement, paid_on=TODAY, amount=Decimal("1")
        ),
    ),
    "housing.do_record_income": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: housing.do_record_income(
            user=u,
            citizen=w.citizen,
            source="su",
            monthly_amount=Decimal("6000"),
            valid_from=TODAY + datetime.timedelta(days=1),
        ),
    ),
    "housing.do_end_income": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: housing.do_end_income(user=u, income=w.income, valid_to=TODAY),
    ),
    "tracks.do_start_track": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: tracks.do_start_track(
            user=u,
            citizen=w.citizen,
            template=TrackTemplate.objects.get(code="herning-faellesskaber"),
            unit=w.authority,
            started_on=TODAY,
        ),
    ),
    "tracks.do_plan_step": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: tracks.do_plan_step(user=u, step=w.step, due_on=TODAY, owner=None),
    ),
    "tracks.do_record_step": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: tracks.do_record_step(user=u, step=w.step, status="done", done_on=TODAY),
    ),
    "tracks.do_end_track": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: tracks.do_end_track(user=u, track=w.track, status="goal_met", ended_on=TODAY),
    ),
    "tracks.do_save_partner": (
        PARTNER_NON_EDITORS,
        lambda w, u: tracks.do_save_partner(
            user=u, municipality=w.citizen.acting_municipality, kind="other", name="X"
        ),
    ),
    "tracks.do_add_contact": (
        PARTNER_NON_EDITORS,
        lambda w, u: tracks.do_add_contact(user=u, partner=w.partner, name="X", phone="1"),
    ),
    "tracks.do_remove_contact": (
        PARTNER_NON_EDITORS,
        lambda w, u: tracks.do_remove_contact(user=u, contact=w.contact),
    ),
    "tracks.do_record_forum_meeting": (
        PARTNER_NON_EDITORS,
        lambda w, u: tracks.do_record_forum_meeting(
            user=u,
            municipality=w.citizen.acting_municipality,
            held_on=TODAY,
            subject="X",
            other_participants="Y",
        ),
    ),
    "journal.do_write_note": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: journal.do_write_note(
            user=u, citizen=w.citizen, unit=w.authority, kind="contact", text="x", occurred_on=TODAY
        ),
    ),
    "journal.do_edit_draft": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: journal.do_edit_draft(
            user=u, note=w.note, text="y", kind="contact", sensitivity="", occurred_on=TODAY
        ),
    ),
    "journal.do_sign_note": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: journal.do_sign_note(user=u, note=w.note),
    ),
    "journal.do_mark_message_handled": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: journal.do_mark_message_handled(user=u, message=w.message),
    ),
    "meetings.do_book_meeting": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: meetings.do_book_meeting(
            user=u,
            kind=meeting_rules.GOAL_YEARLY,
            unit=w.authority,
            starts_at=SOON,
            duration_minutes=60,
            place="x",
            citizen=w.citizen,
        ),
    ),
    "meetings.do_add_relative": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: meetings.do_add_relative(
            user=u, meeting=w.meeting, relative=w.relative, consent=w.consent
        ),
    ),
    "meetings.do_record_meeting": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: meetings.do_record_meeting(
            user=u, meeting=w.meeting, minutes="x", attended={}
        ),
    ),
    "meetings.do_mark_missed": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: meetings.do_mark_missed(user=u, meeting=w.meeting),
    ),
    "meetings.do_cancel_meeting": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: meetings.do_cancel_meeting(user=u, meeting=w.meeting),
    ),
    "meetings.do_move_meeting": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: meetings.do_move_meeting(
            user=u, meeting=w.meeting, new_starts_at=SOON + datetime.timedelta(days=1)
        ),
    ),
    "meetings.do_set_contact_preferences": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: meetings.do_set_contact_preferences(
            user=u, citizen=w.citizen, sms_reminders=False, email_reminders=False
        ),
    ),
    "people.do_create_citizen": (
        ["analyst_ishoj", "admin_user", "manager_ishoj"],
        lambda w, u: people.do_create_citizen(
            user=u,
            cpr="0101901234",
            first_name="Ny",
            last_name="Borger",
            acting_municipality=w.citizen.acting_municipality,
        ),
    ),
    "people.do_update_citizen": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: people.do_update_citizen(
            user=u, citizen=w.citizen, version=w.citizen.version, changes={"phone": "11223344"}
        ),
    ),
    "people.do_add_relative": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: people.do_add_relative(user=u, citizen=w.citizen, name="x", role="sibling"),
    ),
    "people.do_remove_relative": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: people.do_remove_relative(user=u, relative=w.relative),
    ),
    "people.do_record_consent": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: people.do_record_consent(
            user=u,
            citizen=w.citizen,
            direction="collect",
            information="x",
            party="x",
            purpose="x",
            valid_from=TODAY,
            valid_until=TODAY,
        ),
    ),
    "people.do_withdraw_consent": (
        CITIZEN_WRITERS_ONLY,
        lambda w, u: people.do_withdraw_consent(user=u, consent=w.consent),
    ),
    "economics.do_create_cost_sheet": (
        ["caseworker_ishoj", "shelter_worker_ishoj", "analyst_ishoj", "admin_user"],
        lambda w, u: economics.do_create_cost_sheet(
            user=u, unit=w.shelter.unit, budget_year=2027, values=None
        ),
    ),
    "economics.do_update_cost_sheet": (
        ["caseworker_ishoj", "shelter_worker_ishoj", "analyst_ishoj", "admin_user"],
        lambda w, u: economics.do_update_cost_sheet(
            user=u, sheet=w.cost_sheet, version=1, values=None, note=""
        ),
    ),
    "economics.do_save_investment_case": (
        ["caseworker_ishoj", "shelter_worker_ishoj", "admin_user"],
        lambda w, u: economics.do_save_investment_case(
            user=u, municipality=w.case.municipality, name="x", description="", data=None
        ),
    ),
    "economics.do_delete_investment_case": (
        ["caseworker_ishoj", "shelter_worker_ishoj", "admin_user"],
        lambda w, u: economics.do_delete_investment_case(user=u, case=w.case),
    ),
    "reports.do_request_report": (
        ["caseworker_ishoj", "shelter_worker_ishoj", "admin_user"],
        lambda w, u: reports.do_request_report(user=u, kind="outcome-xlsx", params={}),
    ),
    "reports.do_download": (
        ["manager_ishoj", "caseworker_ishoj"],
        lambda w, u: reports.do_download(user=u, job=w.job),
    ),
    "plans.do_share_plan": (
        ["shelter_worker_ishoj", "analyst_ishoj", "caseworker_ballerup"],
        lambda w, u: plans.do_share_plan(user=u, plan=w.plan, unit=w.shelter.unit),
    ),
    "plans.do_share_plan_parts": (
        ["shelter_worker_ishoj", "analyst_ishoj", "caseworker_ballerup"],
        lambda w, u: plans.do_share_plan_parts(
            user=u, plan=w.plan, unit=w.shelter.unit, purpose=True
        ),
    ),
    "plans.do_withdraw_plan_share": (
        ["shelter_worker_ishoj", "analyst_ishoj", "caseworker_ballerup"],
        lambda w, u: plans.do_withdraw_plan_share(user=u, share=w.share),
    ),
    "access.do_request_access": (
        ["analyst_ishoj", "admin_user"],
        lambda w, u: access.do_request_access(
            user=u, cpr=w.citizen.cpr, reason="Borgeren er mødt op og beder om hjælp i dag."
        ),
    ),
    "access.do_answer_access_request": (
        ["shelter_worker_ishoj", "caseworker_ballerup", "analyst_ishoj"],
        lambda w, u: access.do_answer_access_request(
            user=u, request=w.access_request, approve=True, answer=""
        ),
    ),
    "sso.do_add_role_mapping": (
        ["caseworker_ishoj", "manager_ishoj", "analyst_ishoj"],
        lambda w, u: sso.do_add_role_mapping(
            user=u, claim_value="sg-alle", unit=w.authority, role=Role.CASEWORKER
        ),
    ),
    "sso.do_remove_role_mapping": (
        ["caseworker_ishoj", "manager_ishoj", "analyst_ishoj"],
        lambda w, u: sso.do_remove_role_mapping(user=u, mapping=w.mapping),
    ),
    # Staff, units and roles (issue 17): the municipality's administrator only.
    "access.do_create_user": (
        NON_ADMINISTRATORS,
        lambda w, u: access.do_create_user(
            user=u,
            username="ny.bruger",
            unit=w.authority,
            role=Role.CASEWORKER,
            first_name="Ny",
            last_name="Bruger",
        ),
    ),
    "access.do_update_user": (
        NON_ADMINISTRATORS,
        lambda w, u: access.do_update_user(
            user=u, target=w.staff_member, changes={"first_name": "Andet"}
        ),
    ),
    "access.do_add_membership": (
        NON_ADMINISTRATORS,
        lambda w, u: access.do_add_membership(
            user=u, target=w.staff_member, unit=w.shelter.unit, role=Role.OFFER_STAFF
        ),
    ),
    "access.do_remove_membership": (
        NON_ADMINISTRATORS,
        lambda w, u: access.do_remove_membership(
            user=u, membership=w.staff_member.memberships.get()
        ),
    ),
    "access.do_deactivate_user": (
        NON_ADMINISTRATORS,
        lambda w, u: access.do_deactivate_user(user=u, target=w.staff_member),
    ),
    "access.do_reactivate_user": (
        NON_ADMINISTRATORS,
        lambda w, u: access.do_reactivate_user(user=u, target=w.inactive_member),
    ),
    "access.do_create_unit": (
        NON_ADMINISTRATORS,
        lambda w, u: access.do_create_unit(
            user=u, municipality=w.authority.municipality, name="Ny enhed", kind="offer"
        ),
    ),
    "access.do_update_unit": (
        NON_ADMINISTRATORS,
        lambda w, u: access.do_update_unit(
            user=u, unit=w.authority, name="Andet navn", kind="authority"
        ),
    ),
    "access.do_update_municipality_settings": (
        NON_ADMINISTRATORS,
        lambda w, u: access.do_update_municipality_settings(
            user=u, municipality=w.authority.municipality, youth_age=25, youth_shelter_policy=True
        ),
    ),
}


# These refuse with a ValidationError next to the field (the unit, the municipality, the kind
# of report) — the forms show it there; every other service raises PermissionDenied.
REFUSED_AS_INVALID = {
    "access.do_break_glass",
    "economics.do_create_cost_sheet",
    "economics.do_update_cost_sheet",
    "economics.do_save_investment_case",
    "economics.do_delete_investment_case",
    "reports.do_request_report",
    "plans.do_share_plan",
    "plans.do_share_plan_parts",
    "plans.do_withdraw_plan_share",
    "access.do_request_access",
    "access.do_answer_access_request",
}


def _services() -> set[str]:
    """Every do_* function defined in a services module of the project."""
    found = set()
    for info in pkgutil.iter_modules(hjemvej.__path__):
        if not info.ispkg:
            continue
        try:
            module = importlib.import_module(f"hjemvej.{info.name}.services")
        except ModuleNotFoundError:
            continue
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("do_") and fn.__module__ == module.__name__:
                found.add(f"{info.name}.{name}")
    return found


def test_every_service_is_listed():
    listed = set(CASES) | set(NOT_STAFF_SERVICES)
    assert _services() - listed == set(), "a new do_* service needs a refusal case here"
    assert listed - _services() == set()


def _snapshot() -> dict[str, str]:
    """Every row of every project table, hashed per table."""
    rows = {}
    for model in apps.get_models():
        if not model.__module__.startswith("hjemvej."):
            continue
        values = list(model.objects.order_by("pk").values_list())
        rows[model._meta.label] = hashlib.sha256(repr(values).encode()).hexdigest()
    return rows


@pytest.mark.parametrize("service", sorted(CASES))
def test_service_refuses_a_user_without_the_right(service, world, request):
    users, call = CASES[service]
    for name in users:
        user = request.getfixturevalue(name)
        before = _snapshot()
        expected = ValidationError if service in REFUSED_AS_INVALID else PermissionDenied
        with acting_as(user), pytest.raises(expected) as refusal:
            call(world, user)
        assert str(refusal.value), f"{service} as {name}: a refusal says why"
        assert _snapshot() == before, f"{service} as {name} wrote data"


def test_the_right_people_pass_the_checks(world, shelter_worker_ishoj, caseworker_ishoj):
    """The refusals above are about the user: the shelter decides its referral, the
    caseworker writes the plan."""
    with acting_as(shelter_worker_ishoj):
        offers.do_decide_referral(
            user=shelter_worker_ishoj, referral=world.referral, approve=False, reason="Fuldt"
        )
    world.plan.refresh_from_db()
    with acting_as(caseworker_ishoj):
        plans.do_update_plan(
            user=caseworker_ishoj, plan=world.plan, version=world.plan.version, changes={}
        )
    world.referral.refresh_from_db()
    assert world.referral.status == "refused"
