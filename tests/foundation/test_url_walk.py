"""Every URL pattern and every API route, walked as an anonymous user and as a staff user with no
tie to the citizen: neither gets any of the citizen's data."""

import re
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from hjemvej.offers.catalogue import OFFERS, ensure_offer
from hjemvej.plans import services as plan_services
from hjemvej.plans.models import Plan
from tests.foundation.test_walk_in_scope import ADDRESS, PHONE, PLAN_PURPOSE, fill_shelter, walk_in

pytestmark = pytest.mark.django_db

SKIP_PREFIXES = (
    "static/",
    "django-admin/",
)  # Django's admin has its own login; it holds no citizens


def _walk(resolver, prefix=""):
    for entry in resolver.url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry, pattern)
        elif isinstance(entry, URLPattern):
            yield pattern


def _fill(pattern: str, citizen_uuid) -> str:
    path = pattern.lstrip("^").rstrip("$")
    path = re.sub(r"<uuid:citizen_uuid>|<uuid:citizen_id>|<citizen_id>", str(citizen_uuid), path)
    path = re.sub(r"<uuid:[a-z_]+>", str(uuid.uuid4()), path)
    path = re.sub(r"<int:[a-z_]+>", "1", path)
    path = re.sub(r"<(?:slug|str|path):[a-z_]+>|<[a-z_]+>", "x", path)
    path = path.replace("\\Z", "").replace("\\", "")
    return "/" + path


def all_paths(citizen_uuid) -> list[str]:
    paths = set()
    for pattern in _walk(get_resolver()):
        if pattern.startswith(SKIP_PREFIXES) or "(?P<" in pattern:
            continue
        paths.add(_fill(pattern, citizen_uuid))
    return sorted(paths)


def api_routes(client, citizen_uuid) -> list[tuple[str, str]]:
    doc = client.get("/api/v1/openapi.json").json()
    routes = []
    for path, methods in doc["paths"].items():
        concrete = re.sub(r"\{citizen_id\}|\{id\}", str(citizen_uuid), path)
        concrete = re.sub(r"\{[a-z_]+\}", str(uuid.uuid4()), concrete)
        for method in methods:
            routes.append((method.upper(), concrete))
    return routes


def _leaks(body: str, citizen) -> list[str]:
    return [
        s
        for s in (
            citizen.first_name,
            citizen.last_name,
            citizen.cpr,
            citizen.cpr_display,
            citizen.phone,
        )
        if s and s in body
    ]


def _check_all(client, citizen):
    assert len(all_paths(citizen.uuid)) > 10
    for path in all_paths(citizen.uuid):
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            body = response.content.decode(errors="replace")
            assert response.status_code != 500, f"{method.upper()} {path} gav 500"
            assert not _leaks(body, citizen), (
                f"{method.upper()} {path} viser borgerens data: {_leaks(body, citizen)}"
            )
    for method, path in api_routes(Client(), citizen.uuid):
        response = client.generic(method, path, "{}", content_type="application/json")
        body = response.content.decode(errors="replace")
        assert response.status_code != 500, f"{method} {path} gav 500"
        assert not _leaks(body, citizen), f"{method} {path} viser borgerens data"


def test_anonymous_user_gets_no_citizen_data_anywhere(citizen_ishoj):
    _check_all(Client(), citizen_ishoj)


def test_unrelated_staff_user_gets_no_citizen_data_anywhere(caseworker_ballerup, citizen_ishoj):
    client = Client()
    client.force_login(caseworker_ballerup)
    _check_all(client, citizen_ishoj)


def test_analyst_gets_no_citizen_data_anywhere(analyst_ishoj, citizen_ishoj):
    client = Client()
    client.force_login(analyst_ishoj)
    _check_all(client, citizen_ishoj)


def test_the_walk_reaches_citizen_pages_and_would_see_a_leak(caseworker_ishoj, citizen_ishoj):
    paths = all_paths(citizen_ishoj.uuid)
    assert f"/borgere/{citizen_ishoj.uuid}/" in paths
    assert ("GET", f"/api/v1/citizens/{citizen_ishoj.uuid}") in api_routes(
        Client(), citizen_ishoj.uuid
    )
    client = Client()
    client.force_login(caseworker_ishoj)
    body = client.get(f"/borgere/{citizen_ishoj.uuid}/").content.decode()
    assert _leaks(body, citizen_ishoj)  # the allowed caseworker does see it: the check can fail


# ---------------------------------------------------------------- issue 12: walk-ins, analysts


def _walk_for_secrets(client, citizen, secrets: list[str]) -> None:
    for path in all_paths(citizen.uuid):
        for method in ("get", "post"):
            body = getattr(client, method)(path).content.decode(errors="replace")
            found = [s for s in secrets if s in body]
            assert not found, f"{method.upper()} {path} viser {found}"
    for method, path in api_routes(Client(), citizen.uuid):
        response = client.generic(method, path, "{}", content_type="application/json")
        body = response.content.decode(errors="replace")
        assert not [s for s in secrets if s in body], f"{method} {path} viser borgerens data"


@pytest.mark.parametrize("outcome", ["admitted", "waiting", "refused"])
def test_shelter_worker_after_a_walk_in_walks_into_nothing_beyond_the_scope(
    shelter_worker_ishoj, ishoj, citizen_ballerup, caseworker_ballerup, ballerup_authority, outcome
):
    """A shelter worker registers Ballerup's citizen by CPR: the action plan shows nowhere, and
    after a waiting-list entry or a refusal neither do the phone and the address."""
    unit = shelter_worker_ishoj.memberships.first().unit
    shelter = ensure_offer(unit, OFFERS["ishoj-herberg"])
    citizen_ballerup.phone, citizen_ballerup.address = PHONE, ADDRESS
    citizen_ballerup.save()
    plan_services.do_create_plan(
        user=caseworker_ballerup,
        citizen=citizen_ballerup,
        kind=Plan.Kind.ACTION_141,
        unit=ballerup_authority,
        starts_on=citizen_ballerup.created_at.date(),
        purpose=PLAN_PURPOSE,
    )
    client = Client()
    client.force_login(shelter_worker_ishoj)
    if outcome == "waiting":
        fill_shelter(shelter, shelter_worker_ishoj, ishoj)
    walk_in(client, shelter, citizen_ballerup, outcome, "ui")
    secrets = [PLAN_PURPOSE] if outcome == "admitted" else [PLAN_PURPOSE, PHONE, ADDRESS]
    _walk_for_secrets(client, citizen_ballerup, secrets)
