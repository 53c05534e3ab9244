"""Citizen login through the municipality's OpenID Connect broker (MitID via NemLog-in).

Settings: HJEMVEJ_OIDC_ISSUER, HJEMVEJ_OIDC_CLIENT_ID, HJEMVEJ_OIDC_CLIENT_SECRET,
HJEMVEJ_OIDC_SCOPES and HJEMVEJ_OIDC_CPR_CLAIM (the claim that carries the CPR number). The
citizen is matched by CPR. The protocol checks live in common/oidc.py, shared with the staff's
login."""

from typing import Any

from django.conf import settings

from hjemvej.common import oidc as common_oidc
from hjemvej.common.oidc import LoginRefused

__all__ = ["LoginRefused", "authenticate", "client", "cpr_from_claims", "enabled", "reset"]


def provider() -> common_oidc.Provider:
    return common_oidc.Provider(
        name="broker",
        issuer=settings.OIDC_ISSUER,
        client_id=settings.OIDC_CLIENT_ID,
        client_secret=settings.OIDC_CLIENT_SECRET,
        scopes=settings.OIDC_SCOPES,
    )


def enabled() -> bool:
    return provider().enabled


def client():
    return common_oidc.client(provider())


def reset() -> None:
    common_oidc.reset()


def cpr_from_claims(claims: dict) -> str:
    value = claims.get(settings.OIDC_CPR_CLAIM) or ""
    return "".join(ch for ch in str(value) if ch.isdigit())


def authenticate(request) -> dict[str, Any]:
    """The verified claims, with the CPR claim fetched from UserInfo when the ID token lacks it."""
    claims, _ = common_oidc.authenticate(request, provider(), wanted=[settings.OIDC_CPR_CLAIM])
    return claims
