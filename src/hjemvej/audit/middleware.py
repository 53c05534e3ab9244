from django.utils.functional import SimpleLazyObject

from hjemvej.audit.context import actor_for_user, reset_actor, set_actor


class AuditContextMiddleware:
    """Sets the acting user once per request; audit calls read it from there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_actor(SimpleLazyObject(lambda: actor_for_user(request.user)))  # type: ignore[arg-type]
        try:
            return self.get_response(request)
        finally:
            reset_actor(token)
