"""The citizen's session on their own pages, kept apart from staff sessions.

A citizen is never a Django user: `request.user` stays anonymous, so no staff page or staff API
route lets a citizen in. The portal reads the citizen from the session key below."""

import functools

from django.contrib.auth import logout as staff_logout
from django.shortcuts import redirect
from django.utils import timezone

from hjemvej.audit.context import CITIZEN_ACTOR_NAME, AuditActor, reset_actor, set_actor
from hjemvej.people.models import Citizen

SESSION_KEY = "hjemvej_portal_citizen"


def log_in_citizen(request, citizen: Citizen, *, method: str) -> None:
    if request.user.is_authenticated:
        staff_logout(request)  # one person, one role per browser session
    request.session.cycle_key()
    request.session[SESSION_KEY] = str(citizen.uuid)
    request.session["hjemvej_portal_method"] = method
    request.session["hjemvej_portal_since"] = timezone.now().isoformat()


def log_out_citizen(request) -> None:
    request.session.flush()


def current_citizen(request) -> Citizen | None:
    value = request.session.get(SESSION_KEY)
    if not value:
        return None
    return Citizen.objects.select_related("acting_municipality").filter(uuid=value).first()


def citizen_actor(citizen: Citizen) -> AuditActor:
    return AuditActor(user_id=None, username=CITIZEN_ACTOR_NAME, unit="Borgerens egne sider")


def citizen_required(view):
    """The view gets `request.citizen`; everything it logs is logged as the citizen's own act."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        citizen = current_citizen(request)
        if citizen is None:
            return redirect("portal:login")
        request.citizen = citizen
        token = set_actor(citizen_actor(citizen))
        try:
            return view(request, *args, **kwargs)
        finally:
            reset_actor(token)

    return wrapper
