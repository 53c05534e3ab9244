from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hjemvej.access import policy
from hjemvej.access.models import AccessRequest, BreakGlassAccess
from hjemvej.access.services import (
    REQUEST_SENT,
    do_answer_access_request,
    do_break_glass,
    do_request_access,
    requesting_unit,
)
from hjemvej.common.forms import apply_errors
from hjemvej.people.models import Relationship


class BreakGlassForm(forms.Form):
    cpr = forms.CharField(
        label="Borgerens CPR-nummer",
        max_length=11,
        widget=forms.TextInput(
            attrs={"class": "form-input", "inputmode": "numeric", "autocomplete": "off"}
        ),
        error_messages={"required": "Skriv CPR-nummeret."},
    )
    reason = forms.CharField(
        label="Begrundelse",
        max_length=500,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}),
        help_text="Hvorfor har du brug for at se borgeren nu? Begrundelsen bliver logget og gennemgået af ledelsen.",
        error_messages={"required": "Skriv en begrundelse."},
    )


@login_required
def break_glass(request):
    if not policy.may_break_glass(request.user):
        raise Http404
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            access = do_break_glass(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errs in (
                exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
            ):
                form.add_error(field, errs)
        else:
            messages.warning(request, "Nødadgangen er givet og logget.")
            return redirect("people:overview", citizen_uuid=access.citizen.uuid)
    return render(request, "access/break_glass.html", {"form": form})


@login_required
def break_glass_list(request):
    """Managers see the break-glass accesses of their units' staff and to their citizens."""
    if not policy.is_manager(request.user):
        raise Http404
    unit_ids = policy.managed_unit_ids(request.user)
    municipality_ids = policy.managed_municipality_ids(request.user)
    from django.db.models import Exists, OuterRef, Q

    staff_q = Q(user__memberships__unit_id__in=unit_ids)
    citizen_q = Q(citizen__acting_municipality_id__in=municipality_ids) | Q(
        Exists(Relationship.objects.filter(citizen=OuterRef("citizen"), unit_id__in=unit_ids))
    )
    qs = (
        BreakGlassAccess.objects.filter(staff_q | citizen_q)
        .distinct()
        .select_related("user", "citizen")
        .order_by("-granted_at")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("side"))
    return render(request, "access/break_glass_list.html", {"page": page})


class AccessRequestForm(BreakGlassForm):
    """The same two fields as break-the-glass: the CPR number and why access is needed."""


@login_required
def request_new(request):
    """Ask the citizen's acting municipality for access. The answer is the same whether the CPR
    number is known or not; the look-up is logged either way."""
    if requesting_unit(request.user) is None:
        raise Http404
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do_request_access(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.info(request, REQUEST_SENT)
            return redirect("access:requests")
    return render(request, "access/request_form.html", {"form": form})


@login_required
def requests(request):
    """Requests to the user's municipality (to answer) and the user's own requests."""
    if requesting_unit(request.user) is None:
        raise Http404
    municipality_ids = policy.caseworker_municipality_ids(request.user)
    incoming = (
        AccessRequest.objects.filter(
            citizen__acting_municipality_id__in=municipality_ids,
            status=AccessRequest.Status.PENDING,
        )
        .select_related("citizen", "unit__municipality", "requested_by")
        .order_by("requested_at")
    )
    own = (
        AccessRequest.objects.filter(requested_by=request.user)
        .select_related("citizen", "unit")
        .order_by("-requested_at")
    )
    return render(
        request,
        "access/requests.html",
        {
            "incoming": Paginator(incoming, 50).get_page(request.GET.get("side")),
            "own": own[:50],
        },
    )


@login_required
@require_POST
def request_answer(request, request_uuid):
    access_request = (
        AccessRequest.objects.select_related("citizen", "unit")
        .filter(
            uuid=request_uuid,
            citizen__acting_municipality_id__in=policy.caseworker_municipality_ids(request.user),
        )
        .first()
    )
    if access_request is None:
        raise Http404
    try:
        do_answer_access_request(
            user=request.user,
            request=access_request,
            approve=request.POST.get("approve") == "1",
            answer=request.POST.get("answer", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Anmodningen er besvaret.")
    return redirect("access:requests")
