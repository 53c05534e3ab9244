"""The staff's login through the municipality's identity provider, the administrator's role
mappings, and the managers' list of emergency logins."""

import logging

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hjemvej.access import policy
from hjemvej.accounts.models import Unit
from hjemvej.audit.models import Action, AuditEntry
from hjemvej.common import oidc as common_oidc
from hjemvej.common.forms import apply_errors
from hjemvej.sso import oidc, services
from hjemvej.sso.forms import RoleMappingForm
from hjemvej.sso.login_form import LoginForm
from hjemvej.sso.models import RoleMapping

logger = logging.getLogger(__name__)
SESSION_ID_TOKEN = "hjemvej_sso_id_token"
SESSION_NEXT = "hjemvej_sso_next"


class LoginView(auth_views.LoginView):
    """The login page: the municipality's login when single sign-on is configured, and the local
    password form (then only for the emergency administrator, whose login is logged)."""

    template_name = "sso/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "sso_enabled": oidc.any_enabled(),
            "sso_start": "sso:start" if oidc.enabled() else "sso:saml_start",
        }

    def form_valid(self, form):
        response = super().form_valid(form)
        if oidc.any_enabled():
            services.log_emergency_login(form.get_user())
        return response


def start(request):
    if not oidc.enabled():
        raise Http404
    wanted = request.GET.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}):
        request.session[SESSION_NEXT] = wanted
    return common_oidc.client(oidc.provider()).authorize_redirect(
        request, request.build_absolute_uri(reverse("sso:return"))
    )


def finish(request):
    if not oidc.enabled():
        raise Http404
    provider = oidc.provider()
    try:
        claims, token = common_oidc.authenticate(request, provider, wanted=[_groups_claim()])
        issuer = common_oidc.client(provider).load_server_metadata().get("issuer", "")
        user = services.do_sign_in(
            identity=oidc.identity_from_claims(issuer or provider.issuer, claims)
        )
    except common_oidc.LoginRefused as exc:
        logger.warning("Personalelogin afvist: %s", exc)
        messages.error(
            request,
            "Du kunne ikke logges ind med kommunens login. Har du fået adgang til Hjemvej? "
            "Kontakt din administrator.",
        )
        return redirect("login")
    next_url = request.session.pop(SESSION_NEXT, "")
    auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SESSION_ID_TOKEN] = token.get("id_token", "")
    return redirect(next_url or "home")


def _groups_claim() -> str:
    from django.conf import settings

    return settings.STAFF_OIDC_GROUPS_CLAIM


def _acs_url(request) -> str:
    return request.build_absolute_uri(reverse("sso:saml_acs"))


def saml_start(request):
    from hjemvej.sso import saml

    if not saml.enabled():
        raise Http404
    wanted = request.GET.get("next", "")
    if not (wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()})):
        wanted = ""
    return redirect(saml.start(_acs_url(request), wanted))


@csrf_exempt  # the identity provider posts here; the signed assertion and InResponseTo protect it
@require_POST
def saml_acs(request):
    from hjemvej.sso import saml

    if not saml.enabled():
        raise Http404
    try:
        identity, next_url = saml.identity_from_response(
            _acs_url(request), request.POST.get("SAMLResponse", "")
        )
        user = services.do_sign_in(identity=identity)
    except common_oidc.LoginRefused as exc:
        logger.warning("Personalelogin (SAML) afvist: %s", exc)
        messages.error(
            request,
            "Du kunne ikke logges ind med kommunens login. Har du fået adgang til Hjemvej? "
            "Kontakt din administrator.",
        )
        return redirect("login")
    auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(next_url or "home")


def saml_metadata(request):
    from django.http import HttpResponse

    from hjemvej.sso import saml

    if not saml.enabled():
        raise Http404
    return HttpResponse(saml.metadata_xml(_acs_url(request)), content_type="application/xml")


@require_POST
def logout(request):
    """End the Hjemvej session; a user who came through the municipality's login is offered the
    provider's logout too."""
    id_token = request.session.get(SESSION_ID_TOKEN, "")
    came_through_sso = bool(id_token) or hasattr(request.user, "sso_identity")
    auth_logout(request)
    provider_logout = ""
    if came_through_sso and oidc.enabled():
        try:
            provider_logout = oidc.end_session_url(
                id_token, request.build_absolute_uri(reverse("login"))
            )
        except Exception:  # noqa: BLE001 - the provider's metadata is optional here
            logger.warning("Udbyderens logud-adresse kunne ikke hentes", exc_info=True)
    if not provider_logout:
        return redirect("login")
    return render(request, "sso/logged_out.html", {"provider_logout": provider_logout})


@login_required
def role_mappings(request):
    municipality_ids = policy.administered_municipality_ids(request.user)
    if not municipality_ids:
        raise Http404
    units = list(
        Unit.objects.filter(municipality_id__in=municipality_ids)
        .select_related("municipality")
        .order_by("municipality__name", "name")
    )
    form = RoleMappingForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            mapping = services.do_add_role_mapping(
                user=request.user,
                claim_value=form.cleaned_data["claim_value"],
                unit=form.units[form.cleaned_data["unit"]],
                role=form.cleaned_data["role"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Koblingen er oprettet: {mapping}.")
            return redirect("sso:role_mappings")
    mappings = RoleMapping.objects.filter(
        unit__municipality_id__in=municipality_ids
    ).select_related("unit", "unit__municipality")
    page = Paginator(mappings, 50).get_page(request.GET.get("side"))
    return render(
        request,
        "sso/role_mappings.html",
        {"form": form, "page": page, "sso_enabled": oidc.enabled()},
    )


@login_required
@require_POST
def remove_role_mapping(request, mapping_uuid):
    municipality_ids = policy.administered_municipality_ids(request.user)
    mapping = (
        RoleMapping.objects.filter(uuid=mapping_uuid, unit__municipality_id__in=municipality_ids)
        .select_related("unit")
        .first()
    )
    if mapping is None:
        raise Http404
    try:
        services.do_remove_role_mapping(user=request.user, mapping=mapping)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, "Koblingen er slettet. Rollen fjernes ved brugernes næste login.")
    return redirect("sso:role_mappings")


@login_required
def emergency_logins(request):
    municipality_ids = policy.managed_municipality_ids(request.user)
    if not municipality_ids:
        raise Http404
    from django.contrib.auth import get_user_model

    staff_ids = (
        get_user_model()
        .objects.filter(memberships__unit__municipality_id__in=municipality_ids)
        .values("id")
    )
    rows = AuditEntry.objects.filter(
        action=Action.BREAK_GLASS, object_type="login", actor_id__in=staff_ids
    ).order_by("-at")
    page = Paginator(rows, 50).get_page(request.GET.get("side"))
    return render(request, "sso/emergency_logins.html", {"page": page})
