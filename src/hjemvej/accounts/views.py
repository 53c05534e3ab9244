from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from hjemvej.access import policy
from hjemvej.accounts.forms import LoginForm
from hjemvej.accounts.models import Role


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        from hjemvej.sso import oidc

        return {
            **super().get_context_data(**kwargs),
            "sso_enabled": oidc.any_enabled(),
            "sso_start": "sso:start" if oidc.enabled() else "sso:saml_start",
        }

    def form_valid(self, form):
        from hjemvej.sso.oidc import any_enabled
        from hjemvej.sso.services import log_emergency_login

        response = super().form_valid(form)
        if any_enabled():
            log_emergency_login(form.get_user())
        return response


class LogoutView(auth_views.LogoutView):
    pass


# Each app can add a block to the home page: a function (request) -> dict | None with
# "title", "template" and its context. Registered in the app's AppConfig.ready.
HOME_SECTIONS: list = []


@login_required
def home(request):
    user = request.user
    roles = policy.roles(user)
    sections = [s for s in (fn(request) for fn in HOME_SECTIONS) if s]
    return render(
        request,
        "accounts/home.html",
        {
            "roles": [Role(r).label for r in sorted(roles)],
            "is_caseworker": Role.CASEWORKER in roles,
            "is_offer_staff": Role.OFFER_STAFF in roles,
            "is_manager": Role.MANAGER in roles,
            "is_analyst": Role.ANALYST in roles,
            "is_administrator": Role.ADMINISTRATOR in roles,
            "may_work_with_citizens": policy.may_work_with_citizens(user),
            "may_create": policy.may_create_citizens(user),
            "sections": sections,
        },
    )
