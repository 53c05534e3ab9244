import datetime
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hjemvej.access import policy
from hjemvej.common.forms import apply_errors
from hjemvej.courses.models import Course
from hjemvej.meetings import rules, selectors, services
from hjemvej.meetings.forms import (
    BookMeetingForm,
    MissedForm,
    MoveForm,
    PreferencesForm,
    RecordMeetingForm,
    UnitMeetingForm,
)
from hjemvej.meetings.ics import meeting_ics
from hjemvej.meetings.models import Meeting
from hjemvej.people.models import Consent


def citizen_section(request, citizen):
    if not policy.may_work_with_citizens(request.user):
        return None
    today = timezone.localdate()
    meetings = list(selectors.meetings_for_citizen(citizen).order_by("-starts_at")[:10])
    return {
        "title": "Møder og påmindelser",
        "template": "meetings/_citizen_section.html",
        "data": {
            "citizen": citizen,
            "meetings": meetings,
            "proposals": selectors.proposals_for(citizen, today, user=request.user),
            "missed": selectors.missed_count(citizen),
            "prefs": services.preferences_for(citizen),
            "may_edit": policy.may_edit_citizen(request.user, citizen),
        },
    }


def _local(date: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(date, time, tzinfo=timezone.get_current_timezone())


def _meeting_for(request, meeting_uuid, what: str) -> Meeting:
    return selectors.meeting_for(request.user, meeting_uuid, what=what)


def _may_edit(request, meeting: Meeting) -> bool:
    return policy.may_edit_meeting(request.user, citizen=meeting.citizen, unit=meeting.unit)


@login_required
def book(request, citizen_uuid):
    citizen, _ = policy.access_citizen(request.user, citizen_uuid, what="Book møde")
    if not policy.may_edit_citizen(request.user, citizen):
        raise Http404
    course = None
    course_uuid = request.GET.get("forloeb") or request.POST.get("course")
    if course_uuid:
        course = get_object_or_404(Course, uuid=course_uuid, citizen=citizen)
    units = policy.work_units(request.user).order_by("name")
    initial = {"kind": request.GET.get("type", ""), "citizen_attends": True}
    if course is not None:
        initial["unit"] = course.unit_id
    form = BookMeetingForm(
        request.POST or None,
        units=units,
        colleagues=policy.colleagues(request.user),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.do_book_meeting(
                user=request.user,
                kind=data["kind"],
                unit=data["unit"],
                starts_at=_local(data["date"], data["time"]),
                duration_minutes=data["duration_minutes"],
                place=data["place"],
                citizen=citizen,
                course=course,
                citizen_attends=data["citizen_attends"],
                staff=list(data["staff"]),
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "starts_at" in exc.error_dict:
                form.add_error("date", exc.error_dict.pop("starts_at"))
            apply_errors(form, exc)
        else:
            messages.success(request, f"{meeting.get_kind_display()} er booket.")
            return redirect("meetings:detail", meeting_uuid=meeting.uuid)
    return render(
        request,
        "meetings/book.html",
        {"form": form, "citizen": citizen, "course": course},
    )


@login_required
def detail(request, meeting_uuid):
    meeting = _meeting_for(request, meeting_uuid, "Møde")
    today = timezone.localdate()
    consents = []
    relatives = []
    if meeting.citizen is not None:
        consents = [
            c
            for c in meeting.citizen.consents.filter(direction=Consent.Direction.DISCLOSE)
            if c.is_active(today)
        ]
        relatives = list(meeting.citizen.relatives.all())
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "citizen": meeting.citizen,
            "participants": meeting.participants.select_related("user", "relative"),
            "reminders": meeting.reminders.all(),
            "letters": meeting.letters.select_related("citizen")[:20],
            "may_edit": _may_edit(request, meeting),
            "is_planned": meeting.status == Meeting.Status.PLANNED,
            "has_started": meeting.starts_at <= timezone.now(),
            "record_form": RecordMeetingForm(initial={"minutes": meeting.minutes}),
            "missed_form": MissedForm(),
            "move_form": MoveForm(prefix="flyt"),
            "consents": consents,
            "relatives": relatives,
        },
    )


@login_required
def ics(request, meeting_uuid):
    meeting = _meeting_for(request, meeting_uuid, "Mødeinvitation (.ics)")
    url = request.build_absolute_uri(meeting_detail_url(meeting))
    response = HttpResponse(
        meeting_ics(meeting, url=url), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="moede-{meeting.uuid}.ics"'
    return response


def meeting_detail_url(meeting: Meeting) -> str:
    from django.urls import reverse

    return reverse("meetings:detail", kwargs={"meeting_uuid": meeting.uuid})


@login_required
@require_POST
def record(request, meeting_uuid):
    meeting = _meeting_for(request, meeting_uuid, "Registrér møde")
    if not _may_edit(request, meeting):
        raise Http404
    form = RecordMeetingForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Skriv et referat.")
        return redirect("meetings:detail", meeting_uuid=meeting.uuid)
    attended = {p.pk: f"deltog_{p.pk}" in request.POST for p in meeting.participants.all()}
    try:
        services.do_record_meeting(
            user=request.user,
            meeting=meeting,
            minutes=form.cleaned_data["minutes"],
            attended=attended,
            living_situation=form.cleaned_data["living_situation"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Referat og fremmøde er gemt.")
    return redirect("meetings:detail", meeting_uuid=meeting.uuid)


@login_required
@require_POST
def missed(request, meeting_uuid):
    meeting = _meeting_for(request, meeting_uuid, "Udeblivelse fra møde")
    if not _may_edit(request, meeting):
        raise Http404
    form = MissedForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for errs in form.errors.values() for m in errs))
        return redirect("meetings:detail", meeting_uuid=meeting.uuid)
    new_at = None
    if form.cleaned_data.get("new_date"):
        new_at = _local(form.cleaned_data["new_date"], form.cleaned_data["new_time"])
    try:
        new = services.do_mark_missed(user=request.user, meeting=meeting, new_starts_at=new_at)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("meetings:detail", meeting_uuid=meeting.uuid)
    if new is not None:
        messages.success(request, "Udeblivelsen er registreret, og mødet er booket igen.")
        return redirect("meetings:detail", meeting_uuid=new.uuid)
    messages.success(request, "Udeblivelsen er registreret.")
    return redirect("meetings:detail", meeting_uuid=meeting.uuid)


@login_required
@require_POST
def move(request, meeting_uuid):
    meeting = _meeting_for(request, meeting_uuid, "Flyt møde")
    if not _may_edit(request, meeting):
        raise Http404
    form = MoveForm(request.POST, prefix="flyt")
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for errs in form.errors.values() for m in errs))
        return redirect("meetings:detail", meeting_uuid=meeting.uuid)
    new_at = _local(form.cleaned_data["new_date"], form.cleaned_data["new_time"])
    try:
        new = services.do_move_meeting(user=request.user, meeting=meeting, new_starts_at=new_at)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("meetings:detail", meeting_uuid=meeting.uuid)
    messages.success(request, "Mødet er flyttet, og borgeren får påmindelser om det nye tidspunkt.")
    return redirect("meetings:detail", meeting_uuid=new.uuid)


@login_required
@require_POST
def cancel(request, meeting_uuid):
    meeting = _meeting_for(request, meeting_uuid, "Aflys møde")
    if not _may_edit(request, meeting):
        raise Http404
    try:
        services.do_cancel_meeting(user=request.user, meeting=meeting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Mødet er aflyst, og påmindelserne er stoppet.")
    return redirect("meetings:detail", meeting_uuid=meeting.uuid)


@login_required
@require_POST
def add_relative(request, meeting_uuid):
    meeting = _meeting_for(request, meeting_uuid, "Inviter pårørende til møde")
    if meeting.citizen is None or not _may_edit(request, meeting):
        raise Http404
    relative = _by_uuid(meeting.citizen.relatives.all(), request.POST.get("relative"))
    consent = _by_uuid(meeting.citizen.consents.all(), request.POST.get("consent"))
    if relative is None or consent is None:
        messages.error(request, "Vælg både personen og borgerens samtykke.")
        return redirect("meetings:detail", meeting_uuid=meeting.uuid)
    try:
        services.do_add_relative(
            user=request.user, meeting=meeting, relative=relative, consent=consent
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{relative.name} er inviteret.")
    return redirect("meetings:detail", meeting_uuid=meeting.uuid)


@login_required
def preferences(request, citizen_uuid):
    citizen, _ = policy.access_citizen(
        request.user, citizen_uuid, what="Borgerens valg om påmindelser"
    )
    if not policy.may_edit_citizen(request.user, citizen):
        raise Http404
    prefs = services.preferences_for(citizen)
    form = PreferencesForm(
        request.POST or None,
        initial={"sms_reminders": prefs.sms_reminders, "email_reminders": prefs.email_reminders},
    )
    if request.method == "POST" and form.is_valid():
        services.do_set_contact_preferences(user=request.user, citizen=citizen, **form.cleaned_data)
        messages.success(request, "Borgerens valg om påmindelser er gemt.")
        return redirect("people:section", key="moeder", citizen_uuid=citizen.uuid)
    return render(
        request,
        "courses/form.html",
        {
            "form": form,
            "citizen": citizen,
            "title": "Påmindelser til borgeren",
            "intro": "Borgeren bestemmer selv, om der skal sendes påmindelser om møder. Påmindelsen nævner kun tid, sted og kontaktperson.",
            "submit": "Gem",
        },
    )


@login_required
def my_meetings(request):
    if not policy.may_work_with_citizens(request.user):
        raise Http404
    today = timezone.localdate()
    return render(
        request,
        "meetings/list.html",
        {
            "meetings": list(selectors.upcoming_for_user(request.user, today, 14)),
            "rules": [r for r in rules.RULES.values() if r.every_months],
            "offer_meetings": selectors.offer_meeting_status(request.user, today),
        },
    )


@login_required
def book_unit_meeting(request):
    """Book the municipality–shelter meeting (every 3 months), which is about the offer."""
    if not policy.may_work_with_citizens(request.user):
        raise Http404
    units = policy.work_units(request.user).filter(kind="offer").order_by("name")
    form = UnitMeetingForm(
        request.POST or None,
        units=units,
        colleagues=policy.colleagues(request.user),
        initial={"unit": request.GET.get("tilbud") or None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.do_book_meeting(
                user=request.user,
                kind=rules.MUNICIPALITY_SHELTER,
                unit=data["unit"],
                starts_at=_local(data["date"], data["time"]),
                duration_minutes=data["duration_minutes"],
                place=data["place"],
                staff=list(data["staff"]),
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "starts_at" in exc.error_dict:
                form.add_error("date", exc.error_dict.pop("starts_at"))
            apply_errors(form, exc)
        else:
            messages.success(request, f"{meeting.get_kind_display()} er booket.")
            return redirect("meetings:detail", meeting_uuid=meeting.uuid)
    return render(request, "meetings/book_unit.html", {"form": form})


def _by_uuid(queryset, value):
    """The row with this UUID, or None for a missing or malformed one (never a 500)."""
    try:
        return queryset.filter(uuid=uuid.UUID(str(value))).first()
    except ValueError:
        return None
