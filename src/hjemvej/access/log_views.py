"""Managers review the audit log: search it and draw spot checks. Here in access, above the
log itself (`audit`), because the review asks the access policy and finds citizens by CPR."""

import datetime

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from hjemvej.access import policy
from hjemvej.access.log_selectors import entries_for_manager
from hjemvej.audit.models import Action, AuditEntry
from hjemvej.audit.services import draw_spot_check, log_event
from hjemvej.common.forms import DateField
from hjemvej.people import cpr as cprlib
from hjemvej.people.models import Citizen


class LogSearchForm(forms.Form):
    date_from = DateField(label="Fra dato", required=False)
    date_to = DateField(label="Til dato", required=False)
    username = forms.CharField(
        label="Brugernavn", required=False, widget=forms.TextInput(attrs={"class": "form-input"})
    )
    action = forms.ChoiceField(
        label="Handling",
        required=False,
        choices=[("", "Alle")] + list(Action.choices),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    cpr = forms.CharField(
        label="Borgerens CPR-nummer",
        required=False,
        max_length=11,
        widget=forms.TextInput(attrs={"class": "form-input", "autocomplete": "off"}),
    )

    def clean_cpr(self):
        value = self.cleaned_data.get("cpr", "").strip()
        if value:
            try:
                return cprlib.clean_cpr(value)
            except forms.ValidationError as exc:
                raise forms.ValidationError(exc.messages) from None
        return ""


class SpotCheckForm(forms.Form):
    size = forms.IntegerField(
        label="Antal opslag",
        min_value=1,
        max_value=200,
        initial=20,
        widget=forms.NumberInput(attrs={"class": "form-input"}),
        error_messages={"min_value": "Vælg mindst 1.", "max_value": "Højst 200 ad gangen."},
    )
    days = forms.IntegerField(
        label="Fra de seneste antal dage",
        min_value=1,
        max_value=3650,
        initial=30,
        widget=forms.NumberInput(attrs={"class": "form-input"}),
    )


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@login_required
def search(request):
    if not policy.is_manager(request.user):
        raise Http404
    form = LogSearchForm(request.GET or None)
    page = None
    if form.is_valid():
        qs = entries_for_manager(request.user).order_by("-at", "-id")
        data = form.cleaned_data
        if data["date_from"]:
            qs = qs.filter(at__gte=_day_start(data["date_from"]))
        if data["date_to"]:
            qs = qs.filter(at__lt=_day_start(data["date_to"] + datetime.timedelta(days=1)))
        if data["username"]:
            qs = qs.filter(actor_username__iexact=data["username"].strip())
        if data["action"]:
            qs = qs.filter(action=data["action"])
        criterion = {k: str(v) for k, v in data.items() if v and k != "cpr"}
        if data["cpr"]:
            citizen = Citizen.objects.filter(cpr=data["cpr"]).first()
            qs = qs.filter(citizen_uuid=citizen.uuid if citizen else None)
            criterion["cpr"] = cprlib.mask(data["cpr"])
        log_event(
            action=Action.SEARCH,
            summary="Søgning i logningen",
            detail={"criterion": criterion},
            purpose="Kontrol af logningen",
        )
        page = Paginator(qs, 50).get_page(request.GET.get("side"))
    return render(
        request,
        "audit/search.html",
        {"form": form, "page": page, "querystring": request.GET.copy().urlencode()},
    )


@login_required
def spot_check(request):
    if not policy.is_manager(request.user):
        raise Http404
    form = SpotCheckForm(request.POST or None)
    sample: list[AuditEntry] | None = None
    if request.method == "POST" and form.is_valid():
        until = timezone.now()
        since = until - datetime.timedelta(days=form.cleaned_data["days"])
        candidates = entries_for_manager(request.user)
        sample = draw_spot_check(
            size=form.cleaned_data["size"],
            since=since,
            until=until,
            queryset=candidates,
        )
    return render(request, "audit/spot_check.html", {"form": form, "sample": sample})
