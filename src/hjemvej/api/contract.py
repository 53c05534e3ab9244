"""The API's published contract: every error status an operation can answer is documented with
one error schema, and the docs page and the OpenAPI document need a login in production.

The error answers come from the exception handlers in `api.py` (one shape for all of them), so
they are documented here, in one place, rather than repeated on every endpoint:
- 400: the body is not JSON (django-ninja's parser);
- 401: no valid bearer token or session (operations that need a login);
- 403: the role does not allow the operation (`PermissionDenied`);
- 404: something named by an id in the path, the query or the body is not found or not
  visible to the user (the access policy answers 404 for what the user may not see);
- 422: a field is missing or wrong (pydantic or the service's `ValidationError`).
Statuses an endpoint declares itself (201, 202, 409, 429, …) are kept as declared.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from ninja import Schema

from hjemvej.api.auth import BearerAuth

ERROR_SCHEMA = "ErrorOut"

ERROR_DESCRIPTIONS = {
    400: "Forespørgslens indhold kan ikke læses (ikke gyldig JSON).",
    401: "Du skal logge ind (Bearer-nøgle eller session).",
    403: "Din rolle giver ikke adgang til dette.",
    404: "Ikke fundet (eller ikke synligt for dig).",
    409: "Konflikt med den nuværende tilstand.",
    422: "Forespørgslen indeholder fejl; `errors` angiver felterne.",
    429: "For mange forkerte forsøg; prøv igen senere.",
}


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


def error_statuses(operation: dict) -> list[int]:
    """The error statuses an operation in the OpenAPI document can answer, from its shape."""
    takes_input = bool(operation.get("parameters") or operation.get("requestBody"))
    statuses = []
    if operation.get("requestBody"):
        statuses.append(400)
    if operation.get("security"):
        statuses += [401, 403]
        if takes_input:
            statuses.append(404)
    if takes_input:
        statuses.append(422)
    return statuses


def document_errors(schema: dict) -> dict:
    """Add the shared error answers to every operation of an OpenAPI document (in place)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components[ERROR_SCHEMA] = ErrorOut.model_json_schema(
        ref_template="#/components/schemas/{model}"
    )
    ref = {"$ref": f"#/components/schemas/{ERROR_SCHEMA}"}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status in error_statuses(operation):
                responses.setdefault(
                    str(status),
                    {
                        "description": ERROR_DESCRIPTIONS[status],
                        "content": {"application/json": {"schema": ref}},
                    },
                )
    return schema


@csrf_exempt  # as the API's own views: a write to a wrong address is a 404, not a CSRF page
def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any other address under /api/ (also an id that is not a UUID): 404 in JSON, as the
    endpoints answer, not Django's HTML page."""
    return JsonResponse({"detail": "Ikke fundet."}, status=404)


def docs_access(view: Callable) -> Callable:
    """The docs page and the OpenAPI document: public when HJEMVEJ_API_DOCS_PUBLIC is on (the
    default with HJEMVEJ_DEBUG=1), otherwise only for a logged-in user (session or bearer
    token). The document itself answers 401 in JSON; the docs page sends to the login page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if settings.API_DOCS_PUBLIC or request.user.is_authenticated or BearerAuth()(request):
            return view(request, *args, **kwargs)
        if request.path.endswith(".json"):
            return JsonResponse(
                {"detail": "Du skal logge ind (Bearer-nøgle eller session)."}, status=401
            )
        return redirect_to_login(request.get_full_path())

    return wrapper
