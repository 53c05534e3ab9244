"""Three demo citizens who can log in to their own pages (printed by `hjemvej demo`). Each
has a plan with goals, sub-goals and scores (the plans step's plan, or one made the same way)
and a coming meeting with their caseworker."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hjemvej.accounts.models import Unit, User
from hjemvej.common.dates import add_months
from hjemvej.meetings import rules as meeting_rules
from hjemvej.meetings.models import Meeting
from hjemvej.meetings.services import do_book_meeting
from hjemvej.people.models import Citizen
from hjemvej.plans import demo as plans_demo
from hjemvej.plans import services as plan_services
from hjemvej.plans.models import Plan, Score, ScoredBy
from hjemvej.portal.models import DemoLogin
from hjemvej.rights import services as rights_services
from hjemvej.rights.models import CorrectionRequest, InsightRequest

DEMO_CITIZENS = [("borger1", "Ishøj"), ("borger2", "Ballerup"), ("borger3", "Herning")]
SLUGS = {"Ishøj": "ishoj", "Ballerup": "ballerup", "Herning": "herning"}
PLACES = {
    "Ishøj": "Ishøj Store Torv 20, 2635 Ishøj",
    "Ballerup": "Hold-An Vej 7, 2750 Ballerup",
    "Herning": "Torvet 5, 7400 Herning",
}


def _give_plan_and_meeting(citizen: Citizen, municipality: str) -> None:
    slug = SLUGS[municipality]
    caseworker = User.objects.get(username=f"sagsbehandler.{slug}")
    authority = Unit.objects.filter(slug=f"{slug}-myndighed").first()
    if caseworker is None or authority is None:
        return
    today = timezone.localdate()
    with transaction.atomic():
        if not Plan.objects.filter(citizen=citizen, ends_on__isnull=True).exists():
            plans_demo._plan(
                caseworker,
                citizen,
                authority,
                Plan.Kind.ACTION_141,
                add_months(today, -8),
                today,
                strong=True,
            )
        scores = Score.objects.filter(sub_goal__goal__plan__citizen=citizen)
        if not scores.filter(scored_by=ScoredBy.CITIZEN).exists():
            first = scores.order_by("scored_on", "id").first()
            if first is not None:
                # The citizen's own view beside the staff's, a little more hopeful.
                plan_services.do_record_score(
                    user=None,
                    sub_goal=first.sub_goal,
                    scored_on=first.scored_on,
                    value=max(0, first.value - 1),
                    scored_by=ScoredBy.CITIZEN,
                    note="Jeg synes selv, det går lidt bedre.",
                )
        if not Meeting.objects.filter(
            citizen=citizen, status=Meeting.Status.PLANNED, starts_at__gt=timezone.now()
        ).exists():
            day = today + datetime.timedelta(days=5)
            do_book_meeting(
                user=caseworker,
                kind=meeting_rules.GOAL_YEARLY,
                unit=authority,
                starts_at=datetime.datetime.combine(
                    day, datetime.time(10, 0), tzinfo=timezone.get_current_timezone()
                ),
                duration_minutes=60,
                place=PLACES[municipality],
                citizen=citizen,
            )


def _ask_for_insight_and_correction(citizen: Citizen) -> None:
    """borger1 has asked for insight and for a correction on Mine sider (issue 20), so the
    caseworker's worklist shows the deadline and the rights page has something to answer."""
    if not InsightRequest.objects.filter(citizen=citizen).exists():
        rights_services.do_request_insight(
            citizen=citizen, basis=InsightRequest.Basis.AKTINDSIGT, note="Alt om min boligsag"
        )
    if not CorrectionRequest.objects.filter(citizen=citizen).exists():
        rights_services.do_request_correction(
            citizen=citizen, text="Mit telefonnummer er forkert. Det rigtige er 20 30 40 50."
        )


def build(out) -> None:
    lines = []
    for username, municipality in DEMO_CITIZENS:
        account = DemoLogin.objects.select_related("citizen").filter(username=username).first()
        if account is None:
            citizen = (
                Citizen.objects.filter(
                    acting_municipality__name=municipality, demo_login__isnull=True
                )
                .order_by("cpr")
                .first()
            )
            if citizen is None:
                continue
            account = DemoLogin(citizen=citizen, username=username)
        if not account.password or not account.check_password(settings.DEMO_PASSWORD):
            account.set_password(settings.DEMO_PASSWORD)
            account.save()
        _give_plan_and_meeting(account.citizen, municipality)
        if username == "borger1":
            _ask_for_insight_and_correction(account.citizen)
        lines.append(f"  {username:<24} {account.citizen.full_name} ({municipality})")
    out("")
    out(
        f"Borgerens egne sider på http://127.0.0.1:8000/mine-sider/ (adgangskode: {settings.DEMO_PASSWORD}):"
    )
    for line in lines:
        out(line)
