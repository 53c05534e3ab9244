from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from hjemvej.access import policy
from hjemvej.access.models import BreakGlassAccess
from hjemvej.access.services import do_break_glass
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
