"""The staff's login through the municipality's identity provider over OpenID Connect
(Microsoft Entra ID, AD FS, or any certified provider). Settings: HJEMVEJ_STAFF_OIDC_ISSUER,
HJEMVEJ_STAFF_OIDC_CLIENT_ID, HJEMVEJ_STAFF_OIDC_CLIENT_SECRET, HJEMVEJ_STAFF_OIDC_SCOPES,
HJEMVEJ_STAFF_OIDC_GROUPS_CLAIM and HJEMVEJ_STAFF_OIDC_USERNAME_CLAIM. The protocol checks live
in common/oidc.py, shared with the citizen's MitID login."""

from typing import TYPE_CHECKING, Any

from django.conf import settings

from hjemvej.common import oidc as common_oidc

if TYPE_CHECKING:
    from hjemvej.sso.services import ProviderIdentity


def provider() -> common_oidc.Provider:
    return common_oidc.Provider(
        name="staff_idp",
        issuer=settings.STAFF_OIDC_ISSUER,
        client_id=settings.STAFF_OIDC_CLIENT_ID,
        client_secret=settings.STAFF_OIDC_CLIENT_SECRET,
        scopes=settings.STAFF_OIDC_SCOPES,
    )


def enabled() -> bool:
    """Single sign-on is configured: local passwords are then off for all but the named
    emergency administrator."""
    return provider().enabled


def any_enabled() -> bool:
    """Single sign-on of either kind (OpenID Connect or SAML) is configured."""
    from hjemvej.sso import saml

    return enabled() or saml.enabled()


def local_login_allowed(username: str) -> bool:
    if not any_enabled():
        return True
    emergency = settings.EMERGENCY_ADMIN
    return bool(emergency) and username.strip().lower() == emergency.lower()


def identity_from_claims(issuer: str, claims: dict[str, Any]) -> "ProviderIdentity":
    from hjemvej.sso.services import ProviderIdentity, claim_values

    username = ""
    for name in (settings.STAFF_OIDC_USERNAME_CLAIM, "preferred_username", "upn", "email"):
        username = str(claims.get(name) or "").strip()
        if username:
            break
    return ProviderIdentity(
        issuer=issuer,
        subject=str(claims["sub"]),
        username=username,
        groups=tuple(claim_values(claims.get(settings.STAFF_OIDC_GROUPS_CLAIM))),
        given_name=str(claims.get("given_name") or ""),
        family_name=str(claims.get("family_name") or ""),
        email=str(claims.get("email") or ""),
    )


def end_session_url(id_token: str, after: str) -> str:
    """The provider's logout (RP-initiated logout), or "" when it offers none."""
    from urllib.parse import urlencode

    endpoint = common_oidc.client(provider()).load_server_metadata().get("end_session_endpoint")
    if not endpoint:
        return ""
    query = {"post_logout_redirect_uri": after, "client_id": settings.STAFF_OIDC_CLIENT_ID}
    if id_token:
        query["id_token_hint"] = id_token
    return f"{endpoint}?{urlencode(query)}"
