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
            "is_caseworker": policy.is_caseworker(user),
            "is_offer_staff": policy.is_offer_worker(user),
            "is_manager": policy.is_manager(user),
            "is_analyst": policy.is_analyst(user),
            "is_administrator": policy.is_administrator(user),
            "may_work_with_citizens": policy.may_work_with_citizens(user),
            "may_create": policy.may_create_citizens(user),
            "sections": sections,
        },
    )
