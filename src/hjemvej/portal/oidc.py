"""Citizen login through the municipality's OpenID Connect broker (MitID via NemLog-in).

Settings: HJEMVEJ_OIDC_ISSUER, HJEMVEJ_OIDC_CLIENT_ID, HJEMVEJ_OIDC_CLIENT_SECRET,
HJEMVEJ_OIDC_SCOPES and HJEMVEJ_OIDC_CPR_CLAIM (the claim that carries the CPR number). The
citizen is matched by CPR.

The flow is the authorization code flow with PKCE (S256), state and nonce. authlib checks the
ID token's signature (only the algorithms the broker announces; never "none"), issuer, expiry
(bounded clock skew), nonce and `azp`; we add what it leaves out: the audience must contain our
client id (OpenID Connect Core 3.1.3.7, step 3). A broker may give the CPR number in the ID
token or only from the UserInfo endpoint (Core 5.4: scope-requested claims); in the second
case we fetch UserInfo and require its `sub` to be the ID token's (Core 5.3.2)."""

from typing import Any

from authlib.integrations.django_client import OAuth
from django.conf import settings

_oauth: OAuth | None = None
CLOCK_SKEW_SECONDS = 60


class LoginRefused(Exception):
    """The broker's answer cannot be trusted; the citizen is told that the login failed."""


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
            client_kwargs={"scope": settings.OIDC_SCOPES, "code_challenge_method": "S256"},
        )
    return _oauth.broker


def reset() -> None:
    """Forget the configured client (tests change the settings)."""
    global _oauth
    _oauth = None


def cpr_from_claims(claims: dict) -> str:
    value = claims.get(settings.OIDC_CPR_CLAIM) or ""
    return "".join(ch for ch in str(value) if ch.isdigit())


def check_audience(claims: dict[str, Any]) -> None:
    """The ID token must be meant for us: `aud` contains our client id, and a token for several
    audiences names us as the authorised party."""
    aud = claims.get("aud")
    audiences = [aud] if isinstance(aud, str) else list(aud or [])
    if settings.OIDC_CLIENT_ID not in audiences:
        raise LoginRefused("ID-token til en anden klient")
    if len(audiences) > 1 and claims.get("azp") != settings.OIDC_CLIENT_ID:
        raise LoginRefused("ID-token med flere modtagere uden os som azp")


def authenticate(request) -> dict[str, Any]:
    """Finish the login at the broker's return: the verified claims, with the CPR claim fetched
    from UserInfo when the ID token does not carry it."""
    broker = client()
    try:
        issuer = broker.load_server_metadata().get("issuer") or settings.OIDC_ISSUER
        token = broker.authorize_access_token(
            request,
            claims_options={
                "iss": {"essential": True, "values": [issuer]},
                "exp": {"essential": True},
                "iat": {"essential": True},
            },
            leeway=CLOCK_SKEW_SECONDS,
        )
    except Exception as exc:  # noqa: BLE001 - any failure at the broker is the same to the citizen
        raise LoginRefused(str(exc)) from exc
    claims = dict(token.get("userinfo") or {})  # authlib: the verified ID token's claims
    if not claims.get("sub"):
        raise LoginRefused("intet ID-token")
    check_audience(claims)
    if not cpr_from_claims(claims):
        try:
            info = dict(broker.userinfo(token=token))
        except Exception as exc:  # noqa: BLE001
            raise LoginRefused(f"UserInfo svarede ikke: {exc}") from exc
        if info.get("sub") != claims["sub"]:
            raise LoginRefused("UserInfo gælder en anden person end ID-tokenet")
        claims.update({k: v for k, v in info.items() if k != "sub"})
    return claims
