"""The citizen's tracks (a tab on the citizen page, a page per track and per step) and the
municipality's cooperation page (partners, contact persons, the ad hoc forum)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hjemvej.access import policy
from hjemvej.accounts.models import User
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.common.forms import apply_errors
from hjemvej.tracks import selectors, services
from hjemvej.tracks.forms import (
    ContactForm,
    EndTrackForm,
    ForumMeetingForm,
    PartnerForm,
    PlanStepForm,
    RecordStepForm,
    StartTrackForm,
)
from hjemvej.tracks.models import Partner, PartnerContact, Track, TrackStep, TrackTemplate

SECTION_ROWS = 10
PER_PAGE = 50


def _templates(user):
    return policy.own_municipality_choices(
        user, TrackTemplate.objects.filter(is_active=True), shared=True
    ).order_by("kind", "name")


def _unit_staff(unit):
    return (
        User.objects.filter(memberships__unit=unit, is_active=True)
        .distinct()
        .order_by("first_name", "last_name")
    )


def citizen_section(request, citizen):
    if not policy.may_work_with_citizens(request.user):
        return None
    tracks = selectors.tracks_for(citizen)
    shown = list(tracks[:SECTION_ROWS])
    return {
        "title": "Spor: sundhed, beskæftigelse og fællesskaber",
        "template": "tracks/_citizen_section.html",
        "data": {
            "citizen": citizen,
            "tracks": shown,
            "count": tracks.count() if len(shown) == SECTION_ROWS else len(shown),
            "today": timezone.localdate(),
            "may_edit": policy.may_edit_citizen(request.user, citizen),
        },
    }


@login_required
def start(request, citizen_uuid):
    citizen, _ = policy.access_citizen(request.user, citizen_uuid, what="Start spor")
    if not policy.may_edit_citizen(request.user, citizen):
        raise Http404
    units = policy.work_units(request.user).order_by("name")
    # Anyone at the units the user works for; the service checks the owner works at the
    # chosen unit and says so next to the field.
    owners = (
        User.objects.filter(memberships__unit__in=units, is_active=True)
        .distinct()
        .order_by("first_name", "last_name")
    )
    form = StartTrackForm(
        request.POST or None,
        templates=_templates(request.user),
        units=units,
        owners=owners,
        initial={"started_on": timezone.localdate(), "template": request.GET.get("spor")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            track = services.do_start_track(user=request.user, citizen=citizen, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Sporet '{track.template.name}' er startet.")
            return redirect("tracks:track", track_uuid=track.uuid)
    return render(request, "tracks/start.html", {"form": form, "citizen": citizen})


def _track(request, track_uuid, what) -> Track:
    track, _ = policy.access_object(
        request.user,
        Track.objects.select_related("citizen", "template", "unit", "owner"),
        track_uuid,
        what=what,
    )
    return track


@login_required
def track(request, track_uuid):
    t = _track(request, track_uuid, "Borgerens spor")
    return _render_track(request, t, EndTrackForm(initial={"ended_on": timezone.localdate()}))


def _render_track(request, t: Track, end_form):
    return render(
        request,
        "tracks/track.html",
        {
            "track": t,
            "citizen": t.citizen,
            "steps": list(t.steps.select_related("owner").order_by("number")),
            "today": timezone.localdate(),
            "may_edit": t.is_active and policy.may_edit_citizen(request.user, t.citizen),
            "end_form": end_form,
        },
    )


@login_required
@require_POST
def end(request, track_uuid):
    t = _track(request, track_uuid, "Afslut spor")
    if not policy.may_edit_citizen(request.user, t.citizen):
        raise Http404
    form = EndTrackForm(request.POST)
    if form.is_valid():
        try:
            services.do_end_track(user=request.user, track=t, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Sporet er afsluttet.")
            return redirect("tracks:track", track_uuid=t.uuid)
    return _render_track(request, t, form)


@login_required
def step(request, step_uuid):
    s, _ = policy.access_object(
        request.user,
        TrackStep.objects.select_related(
            "track__citizen", "track__template", "track__unit", "owner"
        ),
        step_uuid,
        what="Trin i borgerens spor",
        citizen_of=lambda st: st.track.citizen,
    )
    t = s.track
    may_edit = t.is_active and policy.may_edit_citizen(request.user, t.citizen)
    action = request.POST.get("action") if request.method == "POST" else None
    record_form = RecordStepForm(
        request.POST if action == "record" else None,
        initial={"done_on": timezone.localdate()},
    )
    plan_form = PlanStepForm(
        request.POST if action == "plan" else None,
        owners=_unit_staff(t.unit),
        prefix="plan",
        initial={"due_on": s.due_on, "owner": s.owner_id, "note": s.note},
    )
    if action and not may_edit:
        raise Http404
    form = record_form if action == "record" else plan_form if action == "plan" else None
    if form is not None and form.is_valid():
        try:
            if action == "record":
                services.do_record_step(user=request.user, step=s, **form.cleaned_data)
            else:
                services.do_plan_step(user=request.user, step=s, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Trinnet er gemt.")
            return redirect("tracks:track", track_uuid=t.uuid)
    return render(
        request,
        "tracks/step.html",
        {
            "step": s,
            "track": t,
            "citizen": t.citizen,
            "may_edit": may_edit and s.status == TrackStep.Status.OPEN,
            "record_form": record_form,
            "plan_form": plan_form,
        },
    )


# ---------------------------------------------------------------- cooperation


def _municipality(request):
    """The municipality whose cooperation page is shown: the user's own (?kommune=<code> when
    they work in more than one)."""
    choices = list(selectors.partner_municipalities(request.user))
    if not choices:
        raise Http404
    code = request.GET.get("kommune") or request.POST.get("kommune")
    chosen = next((m for m in choices if str(m.code) == code), choices[0])
    return chosen, choices


@login_required
def cooperation(request):
    municipality, choices = _municipality(request)
    partners = selectors.partners_for(municipality)
    page = Paginator(partners, PER_PAGE).get_page(request.GET.get("side"))
    page.object_list = list(page.object_list)
    meetings = selectors.forum_meetings(municipality)
    log_event(
        action=Action.READ,
        summary=f"Samarbejdsaftaler og ad hoc-mødeforum: {municipality.name}",
        purpose=services.PARTNER_PURPOSE,
    )
    return render(
        request,
        "tracks/cooperation.html",
        {
            "municipality": municipality,
            "choices": choices if len(choices) > 1 else [],
            "page": page,
            "members": list(selectors.forum_members(municipality)[:PER_PAGE]),
            "members_count": selectors.forum_members(municipality).count(),
            "meetings": list(meetings[:20]),
            "meetings_count": meetings.count(),
            "may_edit": selectors.may_edit_partners(request.user, municipality),
            "query": f"kommune={municipality.code}&" if len(choices) > 1 else "",
        },
    )


def _partner(request, partner_uuid) -> Partner:
    partner = get_object_or_404(
        Partner.objects.select_related("municipality"),
        uuid=partner_uuid,
        municipality_id__in=selectors.partner_municipality_ids(request.user),
    )
    return partner


@login_required
def partner_new(request):
    municipality, _ = _municipality(request)
    if not selectors.may_edit_partners(request.user, municipality):
        raise Http404
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.do_save_partner(
                user=request.user, municipality=municipality, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"{partner.name} er oprettet.")
            return redirect("tracks:partner", partner_uuid=partner.uuid)
    return render(
        request,
        "tracks/partner_form.html",
        {"form": form, "municipality": municipality, "partner": None},
    )


@login_required
def partner(request, partner_uuid):
    p = _partner(request, partner_uuid)
    may_edit = selectors.may_edit_partners(request.user, p.municipality)
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not may_edit:
        raise Http404
    form = PartnerForm(
        request.POST if action == "partner" else None,
        initial={
            "kind": p.kind,
            "name": p.name,
            "agreement": p.agreement,
            "valid_from": p.valid_from,
            "valid_until": p.valid_until,
        },
    )
    contact_form = ContactForm(request.POST if action == "contact" else None, prefix="contact")
    if action == "partner" and form.is_valid():
        try:
            services.do_save_partner(
                user=request.user, municipality=p.municipality, partner=p, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Samarbejdsaftalen er gemt.")
            return redirect("tracks:partner", partner_uuid=p.uuid)
    if action == "contact" and contact_form.is_valid():
        try:
            services.do_add_contact(user=request.user, partner=p, **contact_form.cleaned_data)
        except ValidationError as exc:
            apply_errors(contact_form, exc)
        else:
            messages.success(request, "Kontaktpersonen er tilføjet.")
            return redirect("tracks:partner", partner_uuid=p.uuid)
    log_event(
        action=Action.READ,
        summary=f"Samarbejdspartner: {p.name}",
        obj=p,
        purpose=services.PARTNER_PURPOSE,
    )
    return render(
        request,
        "tracks/partner.html",
        {
            "partner": p,
            "contacts": list(p.contacts.order_by("name", "id")[:PER_PAGE]),
            "may_edit": may_edit,
            "form": form,
            "contact_form": contact_form,
        },
    )


@login_required
@require_POST
def contact_remove(request, contact_uuid):
    contact = get_object_or_404(
        PartnerContact.objects.select_related("partner__municipality"),
        uuid=contact_uuid,
        partner__municipality_id__in=selectors.partner_municipality_ids(request.user),
    )
    if not selectors.may_edit_partners(request.user, contact.partner.municipality):
        raise Http404
    partner_uuid = contact.partner.uuid
    services.do_remove_contact(user=request.user, contact=contact)
    messages.success(request, "Kontaktpersonen er fjernet.")
    return redirect("tracks:partner", partner_uuid=partner_uuid)


@login_required
def forum_meeting_new(request):
    municipality, _ = _municipality(request)
    if not selectors.may_edit_partners(request.user, municipality):
        raise Http404
    form = ForumMeetingForm(
        request.POST or None,
        members=selectors.forum_members(municipality),
        initial={"held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.do_record_forum_meeting(
                user=request.user, municipality=municipality, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Mødet er registreret.")
            return redirect("tracks:cooperation")
    return render(
        request, "tracks/forum_meeting_form.html", {"form": form, "municipality": municipality}
    )
