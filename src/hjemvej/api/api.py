"""The JSON API under /api/v1/, with its OpenAPI document at /api/v1/openapi.json."""

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.responses import Status

from hjemvej.api.auth import BearerAuth, StaffSessionAuth, issue_token, revoke_token
from hjemvej.api.contract import docs_access, document_errors
from hjemvej.api.errors import django_errors, translate_pydantic
from hjemvej.courses.api import cohorts_router, support_router
from hjemvej.courses.api import router as courses_router
from hjemvej.economics.api import router as economics_router
from hjemvej.housing.api import income_router
from hjemvej.housing.api import router as housing_router
from hjemvej.meetings.api import router as meetings_router
from hjemvej.offers.api import eligibility_router, offers_router, referrals_router
from hjemvej.people.api import router as citizens_router
from hjemvej.plans.api import router as plans_router
from hjemvej.stays.api import placements_router
from hjemvej.stays.api import router as stays_router
from hjemvej.tracks.api import router as tracks_router


class HjemvejAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_errors(schema)
        return schema


api = HjemvejAPI(
    title="Hjemvej API",
    version="1",
    description="Hjemvejs API. Alle kald går gennem samme adgangspolitik og logning som brugerfladen.",
    urls_namespace="api",
    auth=[BearerAuth(), StaffSessionAuth()],
    docs_url="/docs",
    openapi_url="/openapi.json",
    docs_decorator=docs_access,
)


@api.exception_handler(NinjaValidationError)
def _validation(request, exc):
    return api.create_response(
        request,
        {"detail": "Forespørgslen indeholder fejl.", "errors": translate_pydantic(exc.errors)},
        status=422,
    )


@api.exception_handler(DjangoValidationError)
def _django_validation(request, exc):
    return api.create_response(
        request,
        {"detail": "Forespørgslen indeholder fejl.", "errors": django_errors(exc)},
        status=422,
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "Ikke fundet."}, status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(
        request, {"detail": "Din rolle giver ikke adgang til dette."}, status=403
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(
        request, {"detail": "Du skal logge ind (Bearer-nøgle eller session)."}, status=401
    )


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str
    expires_at: str


class Message(Schema):
    detail: str


@api.post(
    "/auth/token",
    auth=None,
    response={200: TokenOut, 401: Message, 429: Message},
    summary="Log ind og få en Bearer-nøgle",
)
def create_token(request, payload: TokenIn):
    from axes.exceptions import AxesBackendPermissionDenied

    from hjemvej.sso.oidc import local_login_allowed

    if not local_login_allowed(payload.username):
        return Status(
            401,
            {"detail": "Adgangskoder er slået fra: log ind med kommunens login i browseren."},
        )
    try:
        user = authenticate(request, username=payload.username, password=payload.password)
    except AxesBackendPermissionDenied:
        return Status(429, {"detail": "For mange forkerte forsøg. Prøv igen om 15 minutter."})
    if getattr(request, "axes_locked_out", False):
        return Status(429, {"detail": "For mange forkerte forsøg. Prøv igen om 15 minutter."})
    if user is None or not user.is_active:
        return Status(401, {"detail": "Brugernavn eller adgangskode er forkert."})
    token, row = issue_token(user)
    return Status(200, {"token": token, "expires_at": row.expires_at.isoformat()})


@api.delete(
    "/auth/token",
    auth=BearerAuth(),
    response={204: None},
    summary="Tilbagekald den Bearer-nøgle, der bruges",
)
def delete_token(request):
    revoke_token(request.api_token)
    return Status(204, None)


# The routers of the apps, in the order the OpenAPI document lists them.
api.add_router("/citizens", citizens_router, tags=["Borgere"])
api.add_router("/citizens", plans_router, tags=["Planer og udredninger"])
api.add_router("/courses", courses_router, tags=["Forløb"])
api.add_router("/support-time", support_router, tags=["Støttetid"])
api.add_router("/cohorts", cohorts_router, tags=["Grupper (Housing First)"])
api.add_router("/meetings", meetings_router, tags=["Møder"])
api.add_router("/offers", offers_router, tags=["Tilbud"])
api.add_router("/eligibility", eligibility_router, tags=["Visitation"])
api.add_router("/referrals", referrals_router, tags=["Visitation"])
api.add_router("/stays", stays_router, tags=["Ophold"])
api.add_router("/tracks", tracks_router, tags=["Spor"])
api.add_router("/placements", placements_router, tags=["Anbringelser og hjemtagning"])
api.add_router("/housing-applications", housing_router, tags=["Vejen til bolig"])
api.add_router("/incomes", income_router, tags=["Indkomst"])
api.add_router("/economics", economics_router, tags=["Økonomi"])

__all__ = ["api", "HttpError"]
