from django.utils.functional import SimpleLazyObject

from hjemvej.audit.context import ACTING_UNIT_SESSION_KEY, actor_for_user, reset_actor, set_actor


class AuditContextMiddleware:
    """Sets the acting user (and the unit they act for) once per request; audit calls read it
    from there. The actor is resolved lazily, so an API token that authenticates later in the
    request is still the actor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        def resolve():
            session = getattr(request, "session", None)
            unit_id = session.get(ACTING_UNIT_SESSION_KEY) if session is not None else None
            return actor_for_user(request.user, unit_id=unit_id)

        token = set_actor(SimpleLazyObject(resolve))  # type: ignore[arg-type]
        try:
            return self.get_response(request)
        finally:
            reset_actor(token)
