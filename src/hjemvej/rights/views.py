"""The caseworker's side of the citizen's rights; the retention rules, the deletions to confirm
and the records of processing."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hjemvej.access import policy
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.common.forms import apply_errors
from hjemvej.journal.models import Note
from hjemvej.rights import processing, selectors, services
from hjemvej.rights.forms import (
    AnswerCorrectionForm,
    DeliverForm,
    HoldForm,
    RegisterInsightForm,
    RetentionRuleForm,
)
from hjemvej.rights.models import (
    CorrectionRequest,
    Disposal,
    InsightRequest,
    LegalHold,
    RetentionRule,
)

PER_PAGE = 50


def _rights_citizen(request, citizen_uuid, what):
    citizen, grant = policy.access_citizen(request.user, citizen_uuid, what=what)
    if not policy.may_hold_case(request.user, citizen):
        raise Http404
    return citizen


def _rights_object(request, queryset, object_uuid, what):
    obj, _ = policy.access_object(request.user, queryset, object_uuid, what=what)
    if not policy.may_handle_rights_requests(request.user, obj.citizen):
        raise Http404
    return obj


def citizen_section(request, citizen):
    """The citizen overview's section: open requests and a way to the rights page."""
    if not policy.may_hold_case(request.user, citizen):
        return None
    return {
        "title": "Indsigt, rettelse og opbevaring",
        "template": "rights/_citizen_section.html",
        "data": {
            "citizen": citizen,
            "open_insight": InsightRequest.objects.filter(
                citizen=citizen, delivered_at__isnull=True
            ).count(),
            "open_corrections": CorrectionRequest.objects.filter(
                citizen=citizen, status=CorrectionRequest.Status.OPEN
            ).count(),
            "hold": selectors.active_hold(citizen),
        },
    }


@login_required
def citizen_rights(request, citizen_uuid):
    citizen = _rights_citizen(request, citizen_uuid, "Borgerens anmodninger om indsigt og rettelse")
    may_handle = policy.may_handle_rights_requests(request.user, citizen)
    register = RegisterInsightForm(
        request.POST or None, initial={"received_on": timezone.localdate()}
    )
    if request.method == "POST":
        if not may_handle:
            raise Http404
        if register.is_valid():
            try:
                services.do_register_insight(
                    user=request.user, citizen=citizen, **register.cleaned_data
                )
            except ValidationError as exc:
                apply_errors(register, exc)
            else:
                messages.success(request, "Anmodningen er registreret med sin frist.")
                return redirect("rights:citizen", citizen.uuid)
    return render(
        request,
        "rights/citizen.html",
        {
            "citizen": citizen,
            **selectors.requests_for(citizen),
            "hold": selectors.active_hold(citizen),
            "hold_form": HoldForm(),
            "today": timezone.localdate(),
            "may_handle": may_handle,
            "register": register,
        },
    )


@login_required
def deliver(request, request_uuid):
    insight = _rights_object(
        request,
        InsightRequest.objects.select_related("citizen"),
        request_uuid,
        "Anmodning om indsigt",
    )
    citizen = insight.citizen
    notes = list(
        Note.objects.filter(citizen=citizen, signed_at__isnull=False).order_by("-occurred_on")[
            :PER_PAGE
        ]
    )
    drafts = Note.objects.filter(citizen=citizen, signed_at__isnull=True).count()
    form = DeliverForm(request.POST or None, notes=notes)
    if request.method == "POST" and form.is_valid():
        withhold = {int(pk): form.cleaned_data["reason"] for pk in form.cleaned_data["notes"]}
        try:
            services.do_deliver_insight(user=request.user, request=insight, withhold=withhold)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Udtrækket er lavet. Send PDF'en til borgeren med brevet.")
            return redirect("rights:citizen", citizen.uuid)
    return render(
        request,
        "rights/deliver.html",
        {"citizen": citizen, "insight": insight, "form": form, "drafts": drafts},
    )


def _download(request, request_uuid, kind):
    insight = _rights_object(
        request,
        InsightRequest.objects.select_related("citizen"),
        request_uuid,
        "Udtræk til borgeren",
    )
    try:
        content = services.do_download_insight(user=request.user, request=insight, kind=kind)
    except ValidationError as exc:
        raise Http404 from exc
    name = f"indsigt-{insight.requested_on:%Y-%m-%d}.{kind}"
    response = HttpResponse(
        content, content_type="application/pdf" if kind == "pdf" else "application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def download_pdf(request, request_uuid):
    return _download(request, request_uuid, "pdf")


@login_required
def download_json(request, request_uuid):
    return _download(request, request_uuid, "json")


@login_required
def answer_correction(request, correction_uuid):
    correction = _rights_object(
        request,
        CorrectionRequest.objects.select_related("citizen"),
        correction_uuid,
        "Anmodning om rettelse",
    )
    citizen = correction.citizen
    notes = list(
        Note.objects.filter(citizen=citizen, signed_at__isnull=False).order_by("-occurred_on")[
            :PER_PAGE
        ]
    )
    form = AnswerCorrectionForm(request.POST or None, notes=notes)
    if (
        request.method == "POST"
        and correction.status == CorrectionRequest.Status.OPEN
        and form.is_valid()
    ):
        data = form.cleaned_data
        note = next((n for n in notes if str(n.uuid) == data["note"]), None)
        try:
            services.do_answer_correction(
                user=request.user,
                correction=correction,
                accept=data["decision"] == "accept",
                answer=data["answer"],
                changes={f: data[f] for f in form.CHANGE_FIELDS},
                note=note,
                note_text=data["note_text"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Anmodningen er besvaret.")
            return redirect("rights:citizen", citizen.uuid)
    return render(
        request,
        "rights/answer_correction.html",
        {"citizen": citizen, "correction": correction, "form": form},
    )


@login_required
@require_POST
def place_hold(request, citizen_uuid):
    citizen = _rights_citizen(request, citizen_uuid, "Tilbageholdelse af sagen")
    form = HoldForm(request.POST)
    if form.is_valid():
        services.do_place_hold(
            user=request.user, citizen=citizen, reason=form.cleaned_data["reason"]
        )
        messages.success(request, "Sagen er tilbageholdt og bliver ikke slettet.")
    else:
        messages.error(request, "Skriv begrundelsen for at tilbageholde sagen.")
    return redirect("rights:citizen", citizen.uuid)


@login_required
def lift_hold(request, hold_uuid):
    hold, _ = policy.access_object(
        request.user, LegalHold.objects.select_related("citizen"), hold_uuid, what="Tilbageholdelse"
    )
    if not policy.may_hold_case(request.user, hold.citizen) or hold.lifted_at is not None:
        raise Http404
    form = HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.do_lift_hold(user=request.user, hold=hold, reason=form.cleaned_data["reason"])
        messages.success(request, "Tilbageholdelsen er ophævet.")
        return redirect("rights:citizen", hold.citizen.uuid)
    return render(
        request, "rights/lift_hold.html", {"hold": hold, "form": form, "citizen": hold.citizen}
    )


# ---------------------------------------------------------------- retention and deletion


def _require(allowed: bool) -> None:
    if not allowed:
        raise Http404


@login_required
def retention(request):
    _require(
        policy.may_see_disposals(request.user) or policy.may_edit_retention_rules(request.user)
    )
    may_edit = policy.may_edit_retention_rules(request.user)
    form = RetentionRuleForm(request.POST or None) if may_edit else None
    if request.method == "POST":
        _require(may_edit)
        if form is not None and form.is_valid():
            try:
                services.do_add_retention_rule(user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "Den nye regel er gemt.")
                return redirect("rights:retention")
    rules = RetentionRule.objects.select_related("changed_by").order_by("category", "-valid_from")[
        :PER_PAGE
    ]
    return render(
        request,
        "rights/retention.html",
        {"rules": rules, "form": form, "audit_days": settings.AUDIT_RETENTION_DAYS},
    )


def _disposals_for(user):
    condition = Q(
        citizen__acting_municipality_id__in=policy.authority_manager_municipality_ids(user)
    )
    if policy.is_administrator(user):
        condition |= Q(citizen__isnull=True)
    return selectors.open_disposals().filter(condition)


@login_required
def disposals(request):
    _require(policy.may_see_disposals(request.user))
    page = Paginator(_disposals_for(request.user), PER_PAGE).get_page(request.GET.get("side"))
    log_event(
        action=Action.READ,
        summary="Listen over data, der har passeret sin opbevaringsperiode",
        purpose="Opbevaring og sletning",
        detail={"shown": len(page.object_list)},
    )
    return render(request, "rights/disposals.html", {"page": page})


@login_required
@require_POST
def confirm_disposal(request, disposal_uuid):
    disposal = _disposals_for(request.user).filter(uuid=disposal_uuid).first()
    if disposal is None:
        raise Http404
    try:
        result = services.do_confirm_disposal(user=request.user, disposal=disposal)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if result.status == Disposal.Status.ARCHIVING:
            messages.success(
                request, "Sagen er skrevet til arkivet. Den slettes, når arkivet har kvitteret."
            )
        else:
            messages.success(request, "Sletningen er udført.")
    return redirect("rights:disposals")


@login_required
def records(request):
    _require(policy.may_read_records_of_processing(request.user))
    data = processing.records(selectors.rules(), timezone.localdate())
    return render(request, "rights/records.html", {"data": data})


@login_required
def records_pdf(request):
    _require(policy.may_read_records_of_processing(request.user))
    data = processing.records(selectors.rules(), timezone.localdate())
    response = HttpResponse(processing.render_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="fortegnelse-{timezone.localdate():%Y-%m-%d}.pdf"'
    )
    return response
