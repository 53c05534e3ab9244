"""The citizen's own pages: plain Danish, made for a phone first."""

import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.common.forms import apply_errors
from hjemvej.journal import services as journal_services
from hjemvej.journal.models import CitizenMessage
from hjemvej.meetings import selectors as meetings_selectors
from hjemvej.meetings import services as meetings_services
from hjemvej.meetings.ics import meeting_ics as build_meeting_ics
from hjemvej.meetings.models import Meeting
from hjemvej.people.models import Citizen, Consent, Relationship
from hjemvej.people.services import do_withdraw_consent
from hjemvej.plans import selectors as plans_selectors
from hjemvej.plans import services as plans_services
from hjemvej.plans.models import Goal, SubGoal
from hjemvej.plans.rules import SCALE
from hjemvej.portal import oidc
from hjemvej.portal import selectors as portal_selectors
from hjemvej.portal.forms import MessageForm, MoveMeetingForm, OwnGoalForm, OwnScoreForm
from hjemvej.portal.identity import citizen_required, log_in_citizen, log_out_citizen
from hjemvej.portal.models import DemoLogin
from hjemvej.rights import services as rights_services
from hjemvej.rights.forms import CorrectionRequestForm, InsightRequestForm
from hjemvej.rights.models import CorrectionRequest, InsightRequest

logger = logging.getLogger(__name__)

MAX_FAILURES = 5


class DemoLoginForm(forms.Form):
    username = forms.CharField(
        label="Brugernavn",
        max_length=50,
        widget=forms.TextInput(attrs={"class": "form-input", "autocomplete": "username"}),
        error_messages={"required": "Skriv dit brugernavn."},
    )
    password = forms.CharField(
        label="Adgangskode",
        strip=False,
        widget=forms.PasswordInput(
            attrs={"class": "form-input", "autocomplete": "current-password"}
        ),
        error_messages={"required": "Skriv din adgangskode."},
    )


def login(request):
    form = DemoLoginForm(request.POST or None) if settings.PORTAL_DEMO_LOGIN else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            username = form.cleaned_data["username"].strip().lower()
            key = f"portal-login-failures:{username}"
            failures = cache.get(key, 0)
            account = DemoLogin.objects.select_related("citizen").filter(username=username).first()
            if failures >= MAX_FAILURES:
                form.add_error(None, "For mange forkerte forsøg. Prøv igen om 15 minutter.")
            elif account is None or not account.check_password(form.cleaned_data["password"]):
                cache.set(key, failures + 1, 15 * 60)
                form.add_error(None, "Brugernavn eller adgangskode er forkert.")
            else:
                cache.delete(key)
                log_in_citizen(request, account.citizen, method="demo")
                return redirect("portal:home")
    return render(request, "portal/login.html", {"form": form, "oidc_enabled": oidc.enabled()})


def mitid_start(request):
    if not oidc.enabled():
        raise Http404
    return oidc.client().authorize_redirect(
        request, request.build_absolute_uri("/mine-sider/log-ind/mitid/retur/")
    )


def mitid_return(request):
    if not oidc.enabled():
        raise Http404
    try:
        claims = oidc.authenticate(request)
    except oidc.LoginRefused as exc:
        logger.warning("MitID-login afvist: %s", exc)
        messages.error(request, "Login med MitID lykkedes ikke. Prøv igen.")
        return redirect("portal:login")
    cpr = oidc.cpr_from_claims(claims)
    citizen = Citizen.objects.filter(cpr=cpr).first() if len(cpr) == 10 else None
    if citizen is None:
        messages.error(
            request,
            "Du er ikke registreret i Hjemvej. Kontakt din sagsbehandler eller det tilbud, du kommer i.",
        )
        return redirect("portal:login")
    log_in_citizen(request, citizen, method="mitid")
    return redirect("portal:home")


@require_POST
def logout(request):
    log_out_citizen(request)
    return redirect("portal:login")


@citizen_required
def home(request):
    citizen = request.citizen
    next_meeting = meetings_selectors.coming_for_citizen(citizen, timezone.now()).first()
    return render(
        request,
        "portal/home.html",
        {"citizen": citizen, "next_meeting": next_meeting},
    )


@citizen_required
def contacts(request):
    citizen = request.citizen
    today = timezone.localdate()
    ties = (
        Relationship.objects.filter(citizen=citizen)
        .filter(ended_on__isnull=True)
        .select_related("unit", "unit__municipality")
        .order_by("unit__name")
    )
    log_event(
        action=Action.READ,
        summary="Borgeren så sine kontakter",
        citizen=citizen,
        purpose="Borgerens egne sider",
    )
    return render(
        request,
        "portal/contacts.html",
        {
            "citizen": citizen,
            "ties": ties,
            "today": today,
            "people": portal_selectors.contact_persons(citizen, today),
        },
    )


@citizen_required
def consents(request):
    citizen = request.citizen
    log_event(
        action=Action.READ,
        summary="Borgeren så sine samtykker",
        citizen=citizen,
        purpose="Borgerens egne sider",
    )
    return render(
        request, "portal/consents.html", {"citizen": citizen, "consents": citizen.consents.all()}
    )


@citizen_required
@require_POST
def withdraw_consent(request, consent_uuid):
    consent = get_object_or_404(Consent, uuid=consent_uuid, citizen=request.citizen)
    do_withdraw_consent(user=None, consent=consent, by_citizen=True)
    messages.success(request, "Dit samtykke er trukket tilbage. Vi må ikke længere bruge det.")
    return redirect("portal:consents")


@citizen_required
def who_looked(request):
    citizen = request.citizen
    page = Paginator(portal_selectors.uses_by_day_and_unit(citizen), 30).get_page(
        request.GET.get("side")
    )
    days = portal_selectors.describe_days(citizen, list(page.object_list))
    return render(
        request, "portal/who_looked.html", {"citizen": citizen, "page": page, "days": days}
    )


# ---------------------------------------------------------------- my plan and my goals

PURPOSE = "Borgerens egne sider"


def _sub_goal_rows(plan, today) -> list[dict]:
    """Per goal its sub-goals, each with the staff's and the citizen's scores side by side."""
    goals = []
    for goal in plan.goals.all():
        subs = []
        for sg in goal.sub_goals.all():
            status = plans_selectors.sub_goal_status(sg, plan, today)
            days = sorted({p.on for p in [*status.staff, *status.citizen]}, reverse=True)
            staff = {p.on: p.value for p in status.staff}
            own = {p.on: p.value for p in status.citizen}
            subs.append(
                {
                    "sub_goal": sg,
                    "rows": [{"on": d, "staff": staff.get(d), "own": own.get(d)} for d in days],
                    "latest_staff": status.latest,
                    "latest_own": status.citizen[-1] if status.citizen else None,
                }
            )
        goals.append({"goal": goal, "sub_goals": subs})
    return goals


def _my_plan(citizen, plan_uuid):
    plan = plans_selectors.plan_with_goals(citizen, plan_uuid, grant=None)
    if plan is None:
        raise Http404
    return plan


@citizen_required
def plans(request):
    citizen = request.citizen
    my_plans = plans_selectors.plans_for_citizen(citizen, grant=None)
    log_event(
        action=Action.READ, summary="Borgeren så sine planer", citizen=citizen, purpose=PURPOSE
    )
    return render(
        request,
        "portal/plans.html",
        {
            "citizen": citizen,
            "active": [p for p in my_plans if p.ends_on is None],
            "ended": [p for p in my_plans if p.ends_on is not None],
        },
    )


@citizen_required
def plan_detail(request, plan_uuid):
    citizen = request.citizen
    plan = _my_plan(citizen, plan_uuid)
    goals = _sub_goal_rows(plan, timezone.localdate())
    log_event(
        action=Action.READ,
        summary="Borgeren så sin plan",
        citizen=citizen,
        obj=plan,
        purpose=PURPOSE,
    )
    return render(
        request,
        "portal/plan.html",
        {
            "citizen": citizen,
            "plan": plan,
            "own_goals": [g for g in goals if g["goal"].kind == Goal.Kind.CITIZEN],
            "professional_goals": [g for g in goals if g["goal"].kind != Goal.Kind.CITIZEN],
            "scale": SCALE,
        },
    )


@citizen_required
def add_goal(request, plan_uuid):
    citizen = request.citizen
    plan = _my_plan(citizen, plan_uuid)
    if plan.ends_on is not None:
        raise Http404
    form = OwnGoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plans_services.do_add_citizen_goal(
                citizen=citizen, plan=plan, title=form.cleaned_data["title"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Dit mål er gemt i din plan.")
            return redirect("portal:plan", plan_uuid=plan.uuid)
    return render(
        request,
        "portal/goal_form.html",
        {"citizen": citizen, "plan": plan, "form": form, "title": "Skriv et nyt mål"},
    )


@citizen_required
def edit_goal(request, goal_uuid):
    citizen = request.citizen
    goal = get_object_or_404(
        Goal.objects.select_related("plan"),
        uuid=goal_uuid,
        plan__citizen=citizen,
        kind=Goal.Kind.CITIZEN,
        plan__ends_on__isnull=True,
    )
    form = OwnGoalForm(request.POST or None, initial={"title": goal.title})
    if request.method == "POST" and form.is_valid():
        try:
            plans_services.do_update_citizen_goal(
                citizen=citizen, goal=goal, title=form.cleaned_data["title"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Dit mål er ændret.")
            return redirect("portal:plan", plan_uuid=goal.plan.uuid)
    return render(
        request,
        "portal/goal_form.html",
        {"citizen": citizen, "plan": goal.plan, "form": form, "title": "Ret dit mål"},
    )


@citizen_required
def score_sub_goal(request, sub_goal_uuid):
    citizen = request.citizen
    sub_goal = get_object_or_404(
        SubGoal.objects.select_related("goal", "goal__plan"),
        uuid=sub_goal_uuid,
        goal__plan__citizen=citizen,
        goal__plan__ends_on__isnull=True,
    )
    form = OwnScoreForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plans_services.do_score_by_citizen(
                citizen=citizen,
                sub_goal=sub_goal,
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Tak. Din egen vurdering er gemt ved siden af personalets.")
            return redirect("portal:plan", plan_uuid=sub_goal.goal.plan.uuid)
    return render(
        request,
        "portal/score_form.html",
        {"citizen": citizen, "sub_goal": sub_goal, "plan": sub_goal.goal.plan, "form": form},
    )


# ---------------------------------------------------------------- my meetings


def _my_coming_meeting(citizen, meeting_uuid) -> Meeting:
    meeting = (
        meetings_selectors.coming_for_citizen(citizen, timezone.now())
        .filter(uuid=meeting_uuid)
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


@citizen_required
def meetings(request):
    citizen = request.citizen
    coming = list(meetings_selectors.coming_for_citizen(citizen, timezone.now())[:20])
    log_event(
        action=Action.READ, summary="Borgeren så sine møder", citizen=citizen, purpose=PURPOSE
    )
    return render(request, "portal/meetings.html", {"citizen": citizen, "meetings": coming})


def citizen_ics_summary(meeting: Meeting) -> str:
    """Neutral, like the reminders: others may see the citizen's calendar."""
    return f"Aftale med {meeting.unit.municipality.name} Kommune"


@citizen_required
def meeting_ics(request, meeting_uuid):
    citizen = request.citizen
    meeting = _my_coming_meeting(citizen, meeting_uuid)
    log_event(
        action=Action.EXPORT,
        summary="Borgeren hentede en kalenderinvitation",
        citizen=citizen,
        obj=meeting,
        purpose=PURPOSE,
    )
    body = build_meeting_ics(
        meeting,
        url=request.build_absolute_uri(reverse("portal:meetings")),
        summary=citizen_ics_summary(meeting),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="aftale-{meeting.starts_at:%Y-%m-%d}.ics"'
    )
    return response


@citizen_required
@require_POST
def confirm_meeting(request, meeting_uuid):
    citizen = request.citizen
    meeting = _my_coming_meeting(citizen, meeting_uuid)
    try:
        meetings_services.do_confirm_by_citizen(citizen=citizen, meeting=meeting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Tak. Vi har fået besked om, at du kommer.")
    return redirect("portal:meetings")


@citizen_required
def move_meeting(request, meeting_uuid):
    citizen = request.citizen
    meeting = _my_coming_meeting(citizen, meeting_uuid)
    form = MoveMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meetings_services.do_ask_to_move_by_citizen(
                citizen=citizen, meeting=meeting, wish=form.cleaned_data["wish"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                "Tak. Din kontaktperson har fået dit ønske og kontakter dig om et nyt tidspunkt. "
                "Indtil da gælder den aftalte tid.",
            )
            return redirect("portal:meetings")
    return render(
        request, "portal/move_meeting.html", {"citizen": citizen, "meeting": meeting, "form": form}
    )


# ---------------------------------------------------------------- messages


def _recipients(citizen) -> tuple[list[tuple[str, str]], dict[str, tuple]]:
    """The choices for "Til" and what each means: (unit, user or None)."""
    people = portal_selectors.contact_persons(citizen, timezone.localdate())
    choices: list[tuple[str, str]] = []
    targets: dict[str, tuple] = {}
    for person in people:
        choices.append((person.key, f"{person.name}, {person.unit.name}"))
        targets[person.key] = (person.unit, person.user)
    if not people:
        unit = portal_selectors.fallback_unit(citizen)
        if unit is not None:
            key = f"unit-{unit.pk}"
            choices.append((key, f"{unit.name}, {unit.municipality.name} Kommune"))
            targets[key] = (unit, None)
    return choices, targets


@citizen_required
def write_message(request):
    citizen = request.citizen
    choices, targets = _recipients(citizen)
    initial = {"to": request.GET.get("til")} if request.GET.get("til") in targets else {}
    form = MessageForm(request.POST or None, recipients=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        unit, recipient = targets[form.cleaned_data["to"]]
        try:
            journal_services.do_send_citizen_message(
                citizen=citizen, unit=unit, recipient=recipient, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Din besked er sendt.")
            return redirect("portal:messages")
    sent = list(
        CitizenMessage.objects.filter(citizen=citizen)
        .select_related("unit", "recipient")
        .order_by("-created_at")[:20]
    )
    return render(
        request,
        "portal/messages.html",
        {"citizen": citizen, "form": form, "sent": sent, "has_recipients": bool(choices)},
    )


# ---------------------------------------------------------------- my rights: insight, correction


@citizen_required
def insight(request):
    citizen = request.citizen
    form = InsightRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = rights_services.do_request_insight(
                citizen=citizen, basis=form.cleaned_data["basis"], note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                f"Vi har fået din anmodning. Du får svar senest {made.due_on:%d.%m.%Y}.",
            )
            return redirect("portal:insight")
    asked = InsightRequest.objects.filter(citizen=citizen).order_by("-requested_on", "-id")[:20]
    return render(
        request, "portal/insight.html", {"citizen": citizen, "form": form, "asked": asked}
    )


@citizen_required
def correction(request):
    citizen = request.citizen
    form = CorrectionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rights_services.do_request_correction(citizen=citizen, text=form.cleaned_data["text"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Vi har fået din anmodning om rettelse.")
            return redirect("portal:correction")
    asked = CorrectionRequest.objects.filter(citizen=citizen).order_by("-created_at", "-id")[:20]
    return render(
        request, "portal/correction.html", {"citizen": citizen, "form": form, "asked": asked}
    )
