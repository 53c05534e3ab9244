"""Login throttling on top of django-axes.

Axes locks one username from one address after HJEMVEJ_LOGIN_FAILURE_LIMIT failures. That does
not stop one password tried against many usernames, so the address is also locked once its
failures across all usernames reach HJEMVEJ_LOGIN_ADDRESS_FAILURE_LIMIT within the same cool-off
period. That limit is higher, because a municipality's staff often share one NAT address.
A locked-out API call gets JSON, a locked-out browser the Danish page; both answer 429.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

LOCKED_OUT = "For mange forkerte forsøg. Prøv igen om 15 minutter."


def address_failures(request: HttpRequest) -> int:
    """Failed logins from the request's address, across usernames, in the cool-off period."""
    address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    if not address:
        return 0
    return (
        AccessAttempt.objects.filter(
            ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
        ).aggregate(n=Sum("failures_since_start"))["n"]
        or 0
    )


def address_locked(request: HttpRequest) -> bool:
    return address_failures(request) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT


class LoginThrottle(AxesDatabaseHandler):
    def is_locked(self, request, credentials=None) -> bool:
        """Before authenticating: refuse a locked username or a locked address."""
        return super().is_locked(request, credentials) or address_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        """After a failure (or a refusal): flag the request as locked out if the address is, so
        the answer is the lockout (axes only compares the username's count)."""
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not request.axes_locked_out and address_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: JSON under /api/, the Danish page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": LOCKED_OUT}, status=429)
    response: HttpResponse = render(request, "accounts/locked_out.html", status=429)
    return response
