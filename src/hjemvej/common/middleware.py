import re
import time
import uuid

from django.conf import settings

from hjemvej.common.logs import request_id

_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_REFRESHED_KEY = "hjemvej_refreshed"


class RequestIdMiddleware:
    """Gives every request an id: the proxy's X-Request-ID when it sends a sane one, else a new
    one. Log lines carry it, and the response returns it (the access log prints it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = rid
        token = request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = rid
        return response


def stamp_session_on_login(sender, request, user, **kwargs) -> None:
    """A login saves the session: mark it as just written (connected in CommonConfig.ready)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[_REFRESHED_KEY] = int(time.time())


class SessionRefreshMiddleware:
    """Keeps the idle timeout without writing the session on every page: a session with a user
    is written (and its expiry moved on) when it was last written more than
    SESSION_REFRESH_SECONDS ago. A session thus ends between SESSION_COOKIE_AGE minus that
    minute and SESSION_COOKIE_AGE after the last page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response
        now = int(time.time())
        stale = now - session.get(_REFRESHED_KEY, 0) >= settings.SESSION_REFRESH_SECONDS
        if session.modified or stale:
            session[_REFRESHED_KEY] = now  # marks it modified: SessionMiddleware saves it
        return response


class NoStoreMiddleware:
    """Pages with citizen data must not be kept in browser or proxy caches."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/static/") and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response
