"""OpenID Connect login, one implementation for the citizen's MitID login (through NemLog-in)
and the staff's login through the municipality's identity provider.

The flow is the authorization code flow with PKCE (S256), state and nonce, through authlib.
authlib checks the ID token's signature (only the algorithms the provider announces; never
"none"), issuer, expiry and issue time (bounded clock skew), nonce and `azp`; we add what it
leaves out: the audience must contain our client id (OpenID Connect Core 3.1.3.7, step 3). A
provider may give a claim in the ID token or only from the UserInfo endpoint (Core 5.4:
scope-requested claims); `authenticate` fetches UserInfo when a wanted claim is missing and
requires its `sub` to be the ID token's (Core 5.3.2)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from authlib.integrations.django_client import OAuth

CLOCK_SKEW_SECONDS = 60


class LoginRefused(Exception):
    """The provider's answer cannot be trusted or is not enough; the user is told that the login
    failed (the reason goes to the log, not to the user)."""


@dataclass(frozen=True)
class Provider:
    name: str
    issuer: str
    client_id: str
    client_secret: str
    scopes: str

    @property
    def enabled(self) -> bool:
        return bool(self.issuer and self.client_id)


_clients: dict[Provider, Any] = {}


def client(provider: Provider):
    """authlib's client for the provider, registered once per configuration."""
    if provider not in _clients:
        oauth = OAuth()
        oauth.register(
            name=provider.name,
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            server_metadata_url=provider.issuer.rstrip("/") + "/.well-known/openid-configuration",
            client_kwargs={"scope": provider.scopes, "code_challenge_method": "S256"},
        )
        _clients[provider] = getattr(oauth, provider.name)
    return _clients[provider]


def reset() -> None:
    """Forget the registered clients (tests change the settings)."""
    _clients.clear()


def check_audience(claims: dict[str, Any], client_id: str) -> None:
    """The ID token must be meant for us: `aud` contains our client id, and a token for several
    audiences names us as the authorised party."""
    aud = claims.get("aud")
    audiences = [aud] if isinstance(aud, str) else list(aud or [])
    if client_id not in audiences:
        raise LoginRefused("ID-token til en anden klient")
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise LoginRefused("ID-token med flere modtagere uden os som azp")


def authenticate(
    request, provider: Provider, *, wanted: Iterable[str] = ()
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Finish the login at the provider's return: (verified claims, token). Claims in `wanted`
    that the ID token lacks are fetched from UserInfo."""
    broker = client(provider)
    try:
        issuer = broker.load_server_metadata().get("issuer") or provider.issuer
        token = broker.authorize_access_token(
            request,
            claims_options={
                "iss": {"essential": True, "values": [issuer]},
                "exp": {"essential": True},
                "iat": {"essential": True},
            },
            leeway=CLOCK_SKEW_SECONDS,
        )
    except Exception as exc:  # noqa: BLE001 - any failure at the provider is the same to the user
        raise LoginRefused(str(exc)) from exc
    claims = dict(token.get("userinfo") or {})  # authlib: the verified ID token's claims
    if not claims.get("sub"):
        raise LoginRefused("intet ID-token")
    check_audience(claims, provider.client_id)
    if any(not claims.get(name) for name in wanted):
        try:
            info = dict(broker.userinfo(token=token))
        except Exception as exc:  # noqa: BLE001
            raise LoginRefused(f"UserInfo svarede ikke: {exc}") from exc
        if info.get("sub") != claims["sub"]:
            raise LoginRefused("UserInfo gælder en anden person end ID-tokenet")
        claims.update({k: v for k, v in info.items() if k != "sub"})
    return claims, dict(token)
