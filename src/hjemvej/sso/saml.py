"""The staff's login over SAML 2.0 as a service provider (pysaml2), for identity providers that
speak SAML — AD FS, or the municipalities' shared access control (Fælleskommunal
Adgangsstyring through KOMBIT's context handler) where the user's privileges arrive in the
assertion. Signed assertions are required; the service provider's metadata is served at
/kommunens-login/saml/metadata/.

Settings: HJEMVEJ_STAFF_SAML_IDP_METADATA (a file path or an https URL of the identity
provider's metadata), HJEMVEJ_STAFF_SAML_ENTITY_ID (our entity id), HJEMVEJ_STAFF_SAML_KEY_FILE
and HJEMVEJ_STAFF_SAML_CERT_FILE (our key and certificate), HJEMVEJ_STAFF_SAML_GROUPS_ATTRIBUTE
(the attribute whose values are mapped to roles, like the OpenID Connect groups claim) and
HJEMVEJ_STAFF_SAML_USERNAME_ATTRIBUTE (else the NameID is the username)."""

from __future__ import annotations

import datetime
import shutil
from typing import Any

from django.conf import settings
from django.utils import timezone
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import create_metadata_string

from hjemvej.common.oidc import LoginRefused
from hjemvej.sso.models import SamlRequest
from hjemvej.sso.services import ProviderIdentity, claim_values

CLOCK_SKEW_SECONDS = 60


def enabled() -> bool:
    return bool(settings.STAFF_SAML_IDP_METADATA and settings.STAFF_SAML_ENTITY_ID)


def _config(acs_url: str, *, with_idp: bool = True) -> SPConfig:
    source = settings.STAFF_SAML_IDP_METADATA
    metadata: dict[str, Any] = {}
    if with_idp:
        metadata = (
            {"remote": [{"url": source}]}
            if source.startswith(("https://", "http://"))
            else {"local": [source]}
        )
    config = SPConfig()
    config.load(
        {
            "entityid": settings.STAFF_SAML_ENTITY_ID,
            "xmlsec_binary": shutil.which("xmlsec1") or "/usr/bin/xmlsec1",
            "key_file": settings.STAFF_SAML_KEY_FILE,
            "cert_file": settings.STAFF_SAML_CERT_FILE,
            "metadata": metadata,
            "accepted_time_diff": CLOCK_SKEW_SECONDS,
            "service": {
                "sp": {
                    "name": "Hjemvej",
                    "endpoints": {"assertion_consumer_service": [(acs_url, BINDING_HTTP_POST)]},
                    "want_assertions_signed": True,
                    "want_response_signed": False,
                    "authn_requests_signed": False,
                    "allow_unsolicited": False,
                    "allow_unknown_attributes": True,
                }
            },
        }
    )
    return config


def client(acs_url: str) -> Saml2Client:
    return Saml2Client(config=_config(acs_url))


REQUEST_MINUTES = 10


def metadata_xml(acs_url: str) -> bytes:
    """Our metadata (needs no knowledge of the identity provider)."""
    return create_metadata_string(None, config=_config(acs_url, with_idp=False), valid=4 * 24)


def start(acs_url: str, next_url: str = "") -> str:
    """Send an authentication request; the identity provider's URL to send the browser to."""
    saml_client = client(acs_url)
    request_id, info = saml_client.prepare_for_authenticate(binding=BINDING_HTTP_REDIRECT)
    SamlRequest.objects.create(request_id=request_id, next_url=next_url[:500])
    return dict(info["headers"])["Location"]


def _outstanding() -> dict[str, str]:
    """Our requests still waiting for an answer (older ones are forgotten)."""
    horizon = timezone.now() - datetime.timedelta(minutes=REQUEST_MINUTES)
    SamlRequest.objects.filter(created_at__lt=horizon).delete()
    return dict(SamlRequest.objects.values_list("request_id", "next_url"))


def _first(values: Any) -> str:
    found = claim_values(values)
    return found[0] if found else ""


def identity_from_response(acs_url: str, saml_response: str) -> tuple[ProviderIdentity, str]:
    """Check the identity provider's answer (signature of the assertion, audience, validity,
    InResponseTo one of our outstanding requests, used once) and return who signed in and where
    they were going."""
    saml_client = client(acs_url)
    try:
        response = saml_client.parse_authn_request_response(
            saml_response, BINDING_HTTP_POST, outstanding=_outstanding()
        )
    except Exception as exc:  # noqa: BLE001 - every failure is the same to the user
        raise LoginRefused(f"SAML-svar afvist: {exc}") from exc
    if response is None or response.assertion is None:
        raise LoginRefused("SAML-svar uden assertion")
    used = SamlRequest.objects.filter(request_id=response.in_response_to).first()
    if used is None or not SamlRequest.objects.filter(pk=used.pk).delete()[0]:
        raise LoginRefused("SAML-svaret er allerede brugt")
    ava = response.get_identity()
    name_id = response.name_id.text if response.name_id is not None else ""
    if not name_id:
        raise LoginRefused("SAML-svar uden NameID")
    username = _first(ava.get(settings.STAFF_SAML_USERNAME_ATTRIBUTE)) or name_id
    identity = ProviderIdentity(
        issuer=response.issuer() or "",
        subject=name_id,
        username=username,
        groups=tuple(claim_values(ava.get(settings.STAFF_SAML_GROUPS_ATTRIBUTE))),
        given_name=_first(ava.get("givenName")),
        family_name=_first(ava.get("sn") or ava.get("surName")),
        email=_first(ava.get("mail") or ava.get("email")),
    )
    return identity, used.next_url
