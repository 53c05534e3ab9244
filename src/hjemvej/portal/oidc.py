"""Citizen login through the municipality's OpenID Connect broker (MitID via NemLog-in).

Settings: HJEMVEJ_OIDC_ISSUER, HJEMVEJ_OIDC_CLIENT_ID, HJEMVEJ_OIDC_CLIENT_SECRET and
HJEMVEJ_OIDC_CPR_CLAIM (the claim that carries the CPR number). The citizen is matched by CPR."""

from authlib.integrations.django_client import OAuth
from django.conf import settings

_oauth: OAuth | None = None


def enabled() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID)


def client():
    global _oauth
    if _oauth is None:
        _oauth = OAuth()
        _oauth.register(
            name="broker",
            client_id=settings.OIDC_CLIENT_ID,
            client_secret=settings.OIDC_CLIENT_SECRET,
            server_metadata_url=settings.OIDC_ISSUER.rstrip("/")
            + "/.well-known/openid-configuration",
            client_kwargs={"scope": settings.OIDC_SCOPES},
        )
    return _oauth.broker


def reset() -> None:
    """Forget the configured client (tests change the settings)."""
    global _oauth
    _oauth = None


def cpr_from_claims(claims: dict) -> str:
    value = claims.get(settings.OIDC_CPR_CLAIM) or ""
    return "".join(ch for ch in str(value) if ch.isdigit())
