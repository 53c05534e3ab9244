"""The municipality's administrator manages its staff, units and roles here, in the DKFDS
interface (Django's own admin is for superusers). Every write goes through access.services,
which checks access.policy and audits."""

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hjemvej.access import policy, services
from hjemvej.accounts.models import Membership, Municipality, Role, Unit, User
from hjemvej.common.forms import apply_errors

PAGE_SIZE = 50


def _text(label: str, *, required: bool = True, max_length: int = 150, **attrs):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.TextInput(attrs={"class": "form-input", **attrs}),
        error_messages={"required": f"Skriv {label.lower()}."},
    )


class UserForm(forms.Form):
    first_name = _text("Fornavn", autocomplete="off")
    last_name = _text("Efternavn", autocomplete="off")
    email = forms.EmailField(
        label="E-mail",
        required=False,
        widget=forms.EmailInput(attrs={"class": "form-input", "autocomplete": "off"}),
        error_messages={"invalid": "Skriv en gyldig e-mailadresse."},
    )
    title = _text("Stilling", required=False, max_length=100)
    phone = _text("Telefon", required=False, max_length=30, type="tel")


class MembershipForm(forms.Form):
    unit = forms.ChoiceField(
        label="Enhed",
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": "Vælg enheden.", "invalid_choice": "Vælg en enhed på listen."},
    )
    role = forms.ChoiceField(
        label="Rolle",
        choices=[("", "Vælg rolle"), *Role.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": "Vælg rollen."},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {str(u.uuid): u for u in units}
        cast(forms.ChoiceField, self.fields["unit"]).choices = [("", "Vælg enhed")] + [
            (key, f"{u.name} ({u.municipality.name})") for key, u in self.units.items()
        ]


class NewUserForm(UserForm, MembershipForm):
    username = _text("Brugernavn", autocomplete="off")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["username", "first_name", "last_name", "email", "title", "phone"])
        self.fields[
            "username"
        ].help_text = "Det navn, brugeren logger ind med (kommunens login kobler på det)."
        self.fields["unit"].label = "Første enhed"
        self.fields["role"].label = "Rolle i enheden"


class UnitForm(forms.Form):
    name = _text("Navn")
    kind = forms.ChoiceField(
        label="Type",
        choices=Unit.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Vælg om enheden er myndighed eller tilbud."},
    )

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if municipalities is not None and len(municipalities) > 1:
            self.fields["municipality"] = forms.ModelChoiceField(
                label="Kommune",
                queryset=Municipality.objects.filter(pk__in=[m.pk for m in municipalities]),
                widget=forms.Select(attrs={"class": "form-select"}),
                error_messages={"required": "Vælg kommunen."},
            )
        self.municipalities = municipalities


def _require_administrator(request) -> set[int]:
    ids = policy.administered_municipality_ids(request.user)
    if not ids:
        raise Http404
    return ids


def _units(ids):
    # Not the units of bought offers: their providers get no access (issue 16).
    return list(
        policy.staffable_units(Unit.objects.filter(municipality_id__in=ids))
        .select_related("municipality")
        .order_by("municipality__name", "name")
    )


def _target(request, user_uuid) -> User:
    target = policy.administered_users(request.user).filter(uuid=user_uuid).first()
    if target is None:
        raise Http404
    return target


@login_required
def index(request):
    ids = _require_administrator(request)
    return render(
        request,
        "access/staff/index.html",
        {
            "users": policy.administered_users(request.user).count(),
            "units": Unit.objects.filter(municipality_id__in=ids).count(),
            "municipalities": Municipality.objects.filter(pk__in=ids),
        },
    )


@login_required
def users(request):
    ids = _require_administrator(request)
    query = (request.GET.get("q") or "").strip()
    qs = policy.administered_users(request.user).prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(unit__municipality_id__in=ids).select_related(
                "unit"
            ),
        )
    )
    if query:
        qs = qs.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
        )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(request, "access/staff/users.html", {"page": page, "q": query})


@login_required
def user_new(request):
    ids = _require_administrator(request)
    form = NewUserForm(request.POST or None, units=_units(ids))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = services.do_create_user(
                user=request.user,
                username=data["username"],
                unit=form.units[data["unit"]],
                role=data["role"],
                **{f: data.get(f, "") for f in services.USER_FIELDS},
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Brugeren {new.username} er oprettet.")
            return redirect("staff:user", user_uuid=new.uuid)
    return render(request, "access/staff/user_form.html", {"form": form, "new": True})


@login_required
def user_detail(request, user_uuid):
    ids = _require_administrator(request)
    target = _target(request, user_uuid)
    memberships = target.memberships.select_related("unit__municipality").order_by(
        "unit__name", "role"
    )
    return render(
        request,
        "access/staff/user.html",
        {
            "target": target,
            "memberships": memberships,
            "may_edit": policy.may_administer_user(request.user, target),
            "form": MembershipForm(units=_units(ids)),
            "own_municipalities": ids,
        },
    )


@login_required
def user_edit(request, user_uuid):
    _require_administrator(request)
    target = _target(request, user_uuid)
    if not policy.may_administer_user(request.user, target):
        raise Http404
    form = UserForm(
        request.POST or None, initial={f: getattr(target, f) for f in services.USER_FIELDS}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.do_update_user(user=request.user, target=target, changes=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Brugerens oplysninger er gemt.")
            return redirect("staff:user", user_uuid=target.uuid)
    return render(
        request, "access/staff/user_form.html", {"form": form, "new": False, "target": target}
    )


@login_required
def membership_add(request, user_uuid):
    ids = _require_administrator(request)
    target = _target(request, user_uuid)
    if not policy.may_administer_user(request.user, target):
        raise Http404
    form = MembershipForm(request.POST or None, units=_units(ids))
    if request.method == "POST" and form.is_valid():
        unit = form.units[form.cleaned_data["unit"]]
        try:
            services.do_add_membership(
                user=request.user, target=target, unit=unit, role=form.cleaned_data["role"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                f"{target} er nu {Role(form.cleaned_data['role']).label.lower()} i {unit.name}.",
            )
            return redirect("staff:user", user_uuid=target.uuid)
    return render(request, "access/staff/membership_form.html", {"form": form, "target": target})


@login_required
@require_POST
def membership_remove(request, user_uuid, membership_id):
    ids = _require_administrator(request)
    target = _target(request, user_uuid)
    membership = get_object_or_404(
        Membership.objects.select_related("unit", "user"),
        pk=membership_id,
        user=target,
        unit__municipality_id__in=ids,
    )
    try:
        services.do_remove_membership(user=request.user, membership=membership)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(
        request,
        f"Rollen er fjernet: {membership.get_role_display().lower()} i {membership.unit.name}. "
        "Brugerens API-nøgler er tilbagekaldt.",
    )
    return redirect("staff:user", user_uuid=target.uuid)


@login_required
@require_POST
def user_active(request, user_uuid):
    _require_administrator(request)
    target = _target(request, user_uuid)
    try:
        if request.POST.get("active") == "0":
            services.do_deactivate_user(user=request.user, target=target)
            messages.success(
                request,
                f"{target} er deaktiveret. Brugerens sessioner er afsluttet og API-nøgler "
                "tilbagekaldt.",
            )
        else:
            services.do_reactivate_user(user=request.user, target=target)
            messages.success(request, f"{target} er aktiv igen.")
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("staff:user", user_uuid=target.uuid)


@login_required
def units(request):
    ids = _require_administrator(request)
    qs = (
        Unit.objects.filter(municipality_id__in=ids)
        .select_related("municipality")
        .annotate(members=Count("memberships__user", distinct=True))
        .order_by("municipality__name", "kind", "name")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(request, "access/staff/units.html", {"page": page})


@login_required
def unit_new(request):
    ids = _require_administrator(request)
    municipalities = list(Municipality.objects.filter(pk__in=ids))
    form = UnitForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = services.do_create_unit(
                user=request.user,
                municipality=data.get("municipality") or municipalities[0],
                name=data["name"],
                kind=data["kind"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Enheden {unit.name} er oprettet.")
            return redirect("staff:units")
    return render(request, "access/staff/unit_form.html", {"form": form, "new": True})


@login_required
def unit_edit(request, unit_uuid):
    ids = _require_administrator(request)
    unit = get_object_or_404(Unit, uuid=unit_uuid, municipality_id__in=ids)
    form = UnitForm(request.POST or None, initial={"name": unit.name, "kind": unit.kind})
    if request.method == "POST" and form.is_valid():
        try:
            services.do_update_unit(
                user=request.user,
                unit=unit,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Enheden er gemt.")
            return redirect("staff:units")
    return render(
        request, "access/staff/unit_form.html", {"form": form, "new": False, "unit": unit}
    )


class MunicipalitySettingsForm(forms.Form):
    youth_age = forms.IntegerField(
        label="Ungealder på herberg",
        min_value=18,
        max_value=30,
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
        help_text=Municipality._meta.get_field("youth_age").help_text,
        error_messages={
            "required": "Skriv ungealderen.",
            "invalid": "Skriv ungealderen som et helt tal.",
            "min_value": "Ungealderen skal være mellem 18 og 30 år.",
            "max_value": "Ungealderen skal være mellem 18 og 30 år.",
        },
    )
    youth_shelter_policy = forms.BooleanField(
        label="Politik: som hovedregel ingen under ungealderen på herberg",
        required=False,
        help_text=Municipality._meta.get_field("youth_shelter_policy").help_text,
    )


@login_required
def municipality_settings(request, code):
    ids = _require_administrator(request)
    municipality = get_object_or_404(Municipality, code=code, pk__in=ids)
    form = MunicipalitySettingsForm(
        request.POST or None,
        initial={
            "youth_age": municipality.youth_age,
            "youth_shelter_policy": municipality.youth_shelter_policy,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.do_update_municipality_settings(
                user=request.user,
                municipality=municipality,
                youth_age=form.cleaned_data["youth_age"],
                youth_shelter_policy=form.cleaned_data["youth_shelter_policy"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Kommunens indstillinger er gemt.")
            return redirect("staff:index")
    return render(
        request,
        "access/staff/municipality_form.html",
        {"form": form, "municipality": municipality},
    )
