"""Pages for Housing First cohorts: the offer's cohorts, one cohort with its participants,
places, dates, levels, flags and the ADL course, and the forms to create a cohort, admit,
record a relapse and re-established treatment, and leave. Writes go through services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hjemvej.access import policy
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.common.forms import apply_errors
from hjemvej.courses import cohort_rules, cohort_selectors, services
from hjemvej.courses.cohort_forms import (
    AdlForm,
    AdmitForm,
    CohortForm,
    LeaveForm,
    RelapseForm,
    TreatmentForm,
)
from hjemvej.courses.models import Cohort, CohortMember, Relapse
from hjemvej.offers.selectors import get_offer


def _offer(request, offer_uuid):
    offer = get_offer(request.user, offer_uuid)
    if not offer.is_group or not policy.may_manage_cohort(request.user, offer):
        raise Http404("Tilbuddet findes ikke.")
    return offer


def _cohort(request, cohort_uuid) -> Cohort:
    cohort = get_object_or_404(Cohort.objects.select_related("offer__unit"), uuid=cohort_uuid)
    if not policy.may_manage_cohort(request.user, cohort.offer):
        raise Http404("Gruppen findes ikke.")
    return cohort


def _member(request, member_uuid) -> CohortMember:
    member = get_object_or_404(
        CohortMember.objects.select_related("cohort__offer__unit", "citizen"), uuid=member_uuid
    )
    if not policy.may_manage_cohort(request.user, member.cohort.offer):
        raise Http404("Deltageren findes ikke.")
    return member


@login_required
def cohort_list(request, offer_uuid):
    offer = _offer(request, offer_uuid)
    page = Paginator(
        cohort_selectors.cohorts_of(offer).order_by("-starts_on", "name"), 50
    ).get_page(request.GET.get("side"))
    return render(
        request,
        "courses/cohort_list.html",
        {
            "offer": offer,
            "page": page,
            "totals": cohort_selectors.totals(offer),
            "today": timezone.localdate(),
        },
    )


@login_required
def cohort_create(request, offer_uuid):
    offer = _offer(request, offer_uuid)
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.do_create_cohort(user=request.user, offer=offer, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Gruppen {cohort.name} er oprettet.")
            return redirect("courses:cohort", cohort_uuid=cohort.uuid)
    return render(
        request,
        "courses/cohort_form.html",
        {
            "form": form,
            "offer": offer,
            "title": f"Opret gruppe i {offer.name}",
            "submit": "Opret gruppe",
            "back": ("courses:cohorts", offer.uuid),
        },
    )


def _cohort_page(request, cohort: Cohort, *, admit_form=None, status=200):
    today = timezone.localdate()
    members = cohort_selectors.members(cohort)
    active = [m for m in members if m.is_active]
    visible = set(
        policy.visible_citizens(request.user)
        .filter(pk__in=[m.citizen_id for m in members])
        .values_list("pk", flat=True)
    )
    for m in members:
        m.adl_status = cohort_selectors.adl_status(m)  # type: ignore[attr-defined]
        m.visible = m.citizen_id in visible  # type: ignore[attr-defined]
        if m.visible:  # type: ignore[attr-defined]
            log_event(
                action=Action.READ,
                summary=f"Gruppen {cohort.name}: deltager vist",
                citizen=m.citizen,
                obj=m,
                purpose=services.COHORT_PURPOSE,
            )
    candidates = cohort_selectors.candidates(request.user, cohort)
    if admit_form is None:
        admit_form = AdmitForm(candidates=candidates, initial={"on": today})
    return render(
        request,
        "courses/cohort.html",
        {
            "cohort": cohort,
            "offer": cohort.offer,
            "members": members,
            "active": len(active),
            "free": cohort.places - len(active),
            "flags": cohort_selectors.flags(cohort, len(active), today),
            "adl_topics": cohort_rules.ADL_TOPICS,
            "admit_form": admit_form,
            "relapse_form": RelapseForm(initial={"occurred_on": today}),
            "leave_form": LeaveForm(initial={"left_on": today}),
            "treatment_form": TreatmentForm(initial={"on": today}),
            "treatment_days": cohort_rules.RELAPSE_TREATMENT_DAYS,
            "today": today,
        },
        status=status,
    )


@login_required
def cohort_detail(request, cohort_uuid):
    return _cohort_page(request, _cohort(request, cohort_uuid))


@login_required
@require_POST
def cohort_admit(request, cohort_uuid):
    cohort = _cohort(request, cohort_uuid)
    candidates = cohort_selectors.candidates(request.user, cohort)
    form = AdmitForm(request.POST, candidates=candidates)
    if form.is_valid():
        citizen = next(c.citizen for c in candidates if str(c.uuid) == form.cleaned_data["citizen"])
        try:
            member = services.do_admit_to_cohort(
                user=request.user, cohort=cohort, citizen=citizen, on=form.cleaned_data["on"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            text = f"{citizen.full_name} er optaget i {cohort.name} (plads {member.seat})."
            if member.flags:
                messages.warning(request, text + " Markeret: " + " ".join(member.flags))
            else:
                messages.success(request, text)
            return redirect("courses:cohort", cohort_uuid=cohort.uuid)
    return _cohort_page(request, cohort, admit_form=form, status=422)


def _member_form(request, member, form, *, title, submit, intro=""):
    return render(
        request,
        "courses/cohort_form.html",
        {
            "form": form,
            "offer": member.cohort.offer,
            "member": member,
            "title": title,
            "submit": submit,
            "intro": intro,
            "back": ("courses:cohort", member.cohort.uuid),
        },
    )


@login_required
def cohort_relapse(request, member_uuid):
    member = _member(request, member_uuid)
    form = RelapseForm(request.POST or None, initial={"occurred_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            relapse = services.do_record_relapse(
                user=request.user, member=member, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                f"Tilbagefaldet er registreret. Hold samtalen i dag; behandlingen skal være "
                f"genoptaget senest {relapse.treatment_deadline:%d.%m.%Y}.",
            )
            return redirect("courses:cohort", cohort_uuid=member.cohort.uuid)
    return _member_form(
        request,
        member,
        form,
        title=f"Tilbagefald: {member.citizen.full_name}",
        submit="Registrér tilbagefald",
        intro=f"Et tilbagefald giver straks en opgave: en samtale om at genoptage behandlingen. "
        f"Er behandlingen ikke genoptaget inden {cohort_rules.RELAPSE_TREATMENT_DAYS} dage, "
        "forlader deltageren gruppen.",
    )


@login_required
def cohort_treatment(request, relapse_uuid):
    relapse = get_object_or_404(
        Relapse.objects.select_related("member__cohort__offer__unit", "member__citizen"),
        uuid=relapse_uuid,
    )
    member = _member(request, relapse.member.uuid)
    form = TreatmentForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.do_record_treatment_restarted(
                user=request.user, relapse=relapse, on=form.cleaned_data["on"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Behandlingen er registreret som genoptaget.")
            return redirect("courses:cohort", cohort_uuid=member.cohort.uuid)
    return _member_form(
        request,
        member,
        form,
        title=f"Behandlingen genoptaget: {member.citizen.full_name}",
        submit="Registrér",
    )


@login_required
def cohort_leave(request, member_uuid):
    member = _member(request, member_uuid)
    form = LeaveForm(request.POST or None, initial={"left_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.do_leave_cohort(user=request.user, member=member, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"{member.citizen.full_name} har forladt gruppen.")
            return redirect("courses:cohort", cohort_uuid=member.cohort.uuid)
    return _member_form(
        request,
        member,
        form,
        title=f"Forlad gruppen: {member.citizen.full_name}",
        submit="Meld ud af gruppen",
    )


@login_required
def cohort_adl(request, member_uuid):
    member = _member(request, member_uuid)
    if not policy.visible_citizens(request.user).filter(pk=member.citizen_id).exists():
        raise Http404("Deltageren findes ikke.")
    current = [a.topic for a in member.adl.all() if a.attended]
    form = AdlForm(request.POST or None, initial={"on": timezone.localdate(), "attended": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.do_record_adl_attendance(user=request.user, member=member, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, f"Fremmødet på ADL-kurset er registreret for {member.citizen.full_name}."
            )
            return redirect("courses:cohort", cohort_uuid=member.cohort.uuid)
    return _member_form(
        request,
        member,
        form,
        title=f"ADL-kursus: {member.citizen.full_name}",
        submit="Registrér fremmøde",
        intro=f"Det obligatoriske ADL-kursus {member.cohort.adl_starts_on:%d.%m.%Y}–"
        f"{member.cohort.adl_ends_on:%d.%m.%Y}: kryds de emner af, deltageren har deltaget i.",
    )


@login_required
@require_POST
def cohort_apply_rule(request, cohort_uuid):
    cohort = _cohort(request, cohort_uuid)
    ended = services.do_apply_relapse_rule(user=request.user, cohort=cohort)
    messages.info(
        request, f"Reglen om tilbagefald er anvendt: {ended} deltager(e) har forladt gruppen."
    )
    return redirect("courses:cohort", cohort_uuid=cohort.uuid)
