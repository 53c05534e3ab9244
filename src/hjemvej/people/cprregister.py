"""The CPR register: name, address and name-and-address protection for a CPR number.

The backend is chosen by a dotted path in settings.CPR_BACKEND (HJEMVEJ_CPR_BACKEND), as the SMS
backend is: `LocalCprBackend` answers from fictitious persons in people/data/cpr_fictitious.json
(demo and tests), `ServiceplatformenCprBackend` asks the national service platform's CPR
look-up (SF6002 "CPR Replika Opslag", operation PersonBaseDataExtended) over SOAP/HTTPS with the
municipality's certificate. Neither backend checks who asks or logs: people/services.py
`do_lookup_cpr` does both (the access policy and the audit log live there)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

import requests
from django.conf import settings
from django.utils.module_loading import import_string


class CprServiceError(Exception):
    """The CPR service could not answer (not configured, unreachable, or an error reply)."""


@dataclass(frozen=True)
class CprPerson:
    cpr: str
    first_name: str
    last_name: str
    address: str
    postal_code: str
    city: str
    protected_address: bool


def cpr_backend():
    return import_string(settings.CPR_BACKEND)()


# ---------------------------------------------------------------- local (demo and tests)

FICTITIOUS = Path(__file__).resolve().parent / "data" / "cpr_fictitious.json"


@cache
def _fictitious() -> dict[str, CprPerson]:
    data = json.loads(FICTITIOUS.read_text(encoding="utf-8"))
    return {p["cpr"]: CprPerson(**p) for p in data["persons"]}


class LocalCprBackend:
    """Fictitious persons from a JSON file in the package; no network."""

    def lookup(self, cpr: str) -> CprPerson | None:
        return _fictitious().get(cpr)


# ---------------------------------------------------------------- the national service platform

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
NS_SERVICE = "http://serviceplatformen.dk/xml/wsdl/soap11/CPR/PersonBaseDataExtended/5/"
NS_INVOCATION = "http://serviceplatformen.dk/xml/schemas/InvocationContext/1/"
NS_PNR = "http://serviceplatformen.dk/xml/schemas/cpr/PNR/1/"
SOAP_ACTION = (
    "http://serviceplatformen.dk/xml/wsdl/soap11/CPR/PersonBaseDataExtended/5/callPersonLookup"
)
# A fault whose text says the number is unknown means "no such person", not "service down".
NOT_FOUND_MARKERS = ("ikke fundet", "not found", "findes ikke", "ukendt pnr", "unknown pnr")


def build_request(cpr: str) -> bytes:
    """The SOAP envelope of a PersonLookupRequest with the invocation context from settings."""
    ElementTree.register_namespace("soapenv", SOAP_ENV)
    ElementTree.register_namespace("ns", NS_SERVICE)
    ElementTree.register_namespace("inv", NS_INVOCATION)
    ElementTree.register_namespace("pnr", NS_PNR)
    envelope = ElementTree.Element(f"{{{SOAP_ENV}}}Envelope")
    ElementTree.SubElement(envelope, f"{{{SOAP_ENV}}}Header")
    body = ElementTree.SubElement(envelope, f"{{{SOAP_ENV}}}Body")
    request = ElementTree.SubElement(body, f"{{{NS_SERVICE}}}PersonLookupRequest")
    context = ElementTree.SubElement(request, f"{{{NS_INVOCATION}}}InvocationContext")
    for tag, value in [
        ("ServiceAgreementUUID", settings.CPR_SERVICE_AGREEMENT_UUID),
        ("UserSystemUUID", settings.CPR_USER_SYSTEM_UUID),
        ("UserUUID", settings.CPR_USER_UUID),
        ("ServiceUUID", settings.CPR_SERVICE_UUID),
        ("AccountingInfo", settings.CPR_ACCOUNTING_INFO),
    ]:
        ElementTree.SubElement(context, f"{{{NS_INVOCATION}}}{tag}").text = value
    ElementTree.SubElement(request, f"{{{NS_PNR}}}PNR").text = cpr
    return ElementTree.tostring(envelope, encoding="utf-8", xml_declaration=True)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _first(root, name: str):
    for element in root.iter():
        if _local(element.tag) == name:
            return element
    return None


def _text(root, name: str) -> str:
    element = _first(root, name) if root is not None else None
    return (element.text or "").strip() if element is not None else ""


def parse_response(cpr: str, content: bytes) -> CprPerson | None:
    """The person in a PersonLookupResponse, or None when the reply is a "not found" fault.
    Elements are found by their local names (the namespaces differ between versions)."""
    # No DTDs at all: a SOAP reply has none, and without one there are no entities to expand.
    if b"<!DOCTYPE" in content.upper() or b"<!ENTITY" in content.upper():
        raise CprServiceError("CPR-tjenestens svar indeholder en DTD og afvises.")
    try:
        root = ElementTree.fromstring(content)  # noqa: S314 (no DTD, checked above)
    except ElementTree.ParseError as exc:
        raise CprServiceError("CPR-tjenesten svarede med noget, der ikke er XML.") from exc
    fault = _first(root, "Fault")
    if fault is not None:
        text = " ".join(t.strip() for t in fault.itertext() if t.strip())
        if any(marker in text.lower() for marker in NOT_FOUND_MARKERS):
            return None
        raise CprServiceError(f"CPR-tjenesten svarede med en fejl: {text[:200]}")
    data = _first(root, "persondata")
    if data is None:
        raise CprServiceError("CPR-tjenestens svar indeholder ingen persondata.")
    name = _first(data, "navn")
    first = " ".join(p for p in (_text(name, "fornavn"), _text(name, "mellemnavn")) if p)
    address = _first(root, "aktuelAdresse")
    street = _text(address, "vejadresseringsnavn") or _text(address, "vejnavn")
    line = " ".join(p for p in (street, _text(address, "husnummer")) if p)
    floor_door = " ".join(p for p in (_text(address, "etage"), _text(address, "sidedoer")) if p)
    if floor_door:
        line = f"{line}, {floor_door}."
    protection = _text(root, "navneOgAdressebeskyttelse").lower()
    return CprPerson(
        cpr=cpr,
        first_name=first,
        last_name=_text(name, "efternavn"),
        address=line,
        postal_code=_text(address, "postnummer"),
        city=_text(address, "postdistrikt"),
        protected_address=protection in ("true", "1", "ja"),
    )


class ServiceplatformenCprBackend:
    """SF6002 CPR Replika Opslag (PersonBaseDataExtended) on the service platform: SOAP 1.1 over
    HTTPS with the municipality's client certificate (HJEMVEJ_CPR_CERT_FILE/_KEY_FILE) and the
    service agreement's UUIDs. Configuration: docs/operations.md, "CPR-opslag"."""

    def lookup(self, cpr: str) -> CprPerson | None:
        url = settings.CPR_SERVICE_URL
        cert, key = settings.CPR_CERT_FILE, settings.CPR_KEY_FILE
        if not (url and cert and key and settings.CPR_SERVICE_AGREEMENT_UUID):
            raise CprServiceError("CPR-opslaget er ikke sat op (adresse, certifikat, aftale).")
        try:
            response = requests.post(
                url,
                data=build_request(cpr),
                headers={
                    "Content-Type": "text/xml; charset=utf-8",
                    "SOAPAction": SOAP_ACTION,
                    "X-Request-Id": str(uuid.uuid4()),
                },
                cert=(cert, key),
                verify=settings.CPR_CA_FILE or True,
                timeout=settings.CPR_TIMEOUT_SECONDS,
            )
        except (requests.RequestException, OSError) as exc:
            raise CprServiceError(f"CPR-tjenesten svarede ikke: {type(exc).__name__}") from exc
        # A SOAP fault comes with status 500; parse_response tells "not found" from a failure.
        if response.status_code >= 300 and b"Fault" not in response.content:
            raise CprServiceError(f"CPR-tjenesten svarede {response.status_code}.")
        return parse_response(cpr, response.content)
