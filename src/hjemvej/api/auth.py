"""API authentication: a bearer token that expires and can be revoked, or the browser session."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from hjemvej.accounts.models import ApiToken


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(user) -> tuple[str, ApiToken]:
    token = "hv_" + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        user=user,
        key_hash=_hash(token),
        prefix=token[3:9],
        expires_at=timezone.now() + timedelta(hours=settings.API_TOKEN_HOURS),
    )
    return token, row


def revoke_token(token: str) -> bool:
    return bool(
        ApiToken.objects.filter(key_hash=_hash(token), revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


class BearerAuth(HttpBearer):
    def authenticate(self, request, token):
        row = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=_hash(token), revoked_at__isnull=True, expires_at__gt=timezone.now())
            .first()
        )
        if row is None or not row.user.is_active:
            return None
        request.user = row.user
        request.api_token = token
        return row.user


class StaffSessionAuth(SessionAuth):
    """The browser's session (with CSRF protection on writes). Without a logged-in session this
    is not the caller's way in, so the answer is 401 (not a 403 for the missing CSRF token)."""

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)
