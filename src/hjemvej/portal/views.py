"""The citizen's own pages: plain Danish, made for a phone first."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.people.models import Consent, Relationship
from hjemvej.people.services import do_withdraw_consent
from hjemvej.portal import oidc
from hjemvej.portal.identity import citizen_required, log_in_citizen, log_out_citizen
from hjemvej.portal.models import DemoLogin
from hjemvej.portal.selectors import uses_of_my_data

# Other apps add tiles to the citizen's front page and sections of their own: functions
# (request, citizen) -> dict | None with "title", "url" and "text". Registered in AppConfig.ready.
PORTAL_TILES: list = []

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
    from hjemvej.people.models import Citizen

    if not oidc.enabled():
        raise Http404
    try:
        token = oidc.client().authorize_access_token(request)
    except Exception:  # noqa: BLE001 - any failure at the broker is the same to the citizen
        messages.error(request, "Login med MitID lykkedes ikke. Prøv igen.")
        return redirect("portal:login")
    claims = token.get("userinfo") or {}
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
    tiles = [t for t in (fn(request, citizen) for fn in PORTAL_TILES) if t]
    return render(request, "portal/home.html", {"citizen": citizen, "tiles": tiles})


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
        request, "portal/contacts.html", {"citizen": citizen, "ties": ties, "today": today}
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
    page = Paginator(uses_of_my_data(citizen), 30).get_page(request.GET.get("side"))
    return render(request, "portal/who_looked.html", {"citizen": citizen, "page": page})
