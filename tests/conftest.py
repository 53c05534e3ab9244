"""Named fixtures that tell a story: Ishøj's caseworker and shelter worker, Ballerup's
caseworker who must get 404 on Ishøj's citizens, managers, analysts and the administrator."""

import datetime

import pytest
from django.test import Client

from hjemvej.accounts.models import Role, Unit
from tests.factories import (
    CitizenFactory,
    MunicipalityFactory,
    RelationshipFactory,
    UnitFactory,
    UserFactory,
    member,
)

PASSWORD = "hjemvej-test-kode"


@pytest.fixture(autouse=True)
def _no_login_throttle(settings):
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def own_audit_anchors(settings, tmp_path):
    # Each test anchors the audit log in its own directory: anchors name rows of its database.
    # (No leading underscore: benchmarks/conftest.py takes the fixtures with `import *`.)
    settings.AUDIT_ANCHOR_DIR = str(tmp_path / "audit-anchors")


@pytest.fixture(autouse=True)
def steady_sessions(settings):
    # The session is written at most once a minute (SessionRefreshMiddleware). Tests that count
    # a page's queries twice must not see that write in one count and not the other on a slow
    # machine, so tests refresh once a day unless they test the refresh itself.
    settings.SESSION_REFRESH_SECONDS = 24 * 3600


@pytest.fixture
def ishoj(db):
    return MunicipalityFactory(code=183, name="Ishøj")


@pytest.fixture
def ballerup(db):
    return MunicipalityFactory(code=151, name="Ballerup")


@pytest.fixture
def herning(db):
    return MunicipalityFactory(code=657, name="Herning")


@pytest.fixture
def ishoj_authority(ishoj):
    return UnitFactory(
        municipality=ishoj,
        kind=Unit.Kind.AUTHORITY,
        name="Myndighed, Voksne udsatte",
        slug="ishoj-myndighed",
    )


@pytest.fixture
def ishoj_shelter_unit(ishoj):
    return UnitFactory(
        municipality=ishoj,
        kind=Unit.Kind.OFFER,
        name="De fleksible afklaringspladser",
        slug="ishoj-herberg",
    )


@pytest.fixture
def ballerup_authority(ballerup):
    return UnitFactory(
        municipality=ballerup,
        kind=Unit.Kind.AUTHORITY,
        name="Myndighed, Socialafdelingen",
        slug="ballerup-myndighed",
    )


@pytest.fixture
def caseworker_ishoj(ishoj_authority):
    return member(
        UserFactory(username="sagsbehandler.ishoj", first_name="Mette", last_name="Lund"),
        ishoj_authority,
        Role.CASEWORKER,
    )


@pytest.fixture
def shelter_worker_ishoj(ishoj_shelter_unit):
    return member(
        UserFactory(username="herberg.ishoj", first_name="Jonas", last_name="Dam"),
        ishoj_shelter_unit,
        Role.OFFER_STAFF,
    )


@pytest.fixture
def manager_ishoj(ishoj_authority, ishoj_shelter_unit):
    user = UserFactory(username="leder.ishoj", first_name="Hanne", last_name="Krogh")
    member(user, ishoj_authority, Role.MANAGER)
    return member(user, ishoj_shelter_unit, Role.MANAGER)


@pytest.fixture
def analyst_ishoj(ishoj_authority):
    return member(
        UserFactory(username="analytiker.ishoj", first_name="Peter", last_name="Bach"),
        ishoj_authority,
        Role.ANALYST,
    )


@pytest.fixture
def admin_user(ishoj_authority):
    return member(
        UserFactory(username="admin", first_name="Admin", is_staff=True),
        ishoj_authority,
        Role.ADMINISTRATOR,
    )


@pytest.fixture
def caseworker_ballerup(ballerup_authority):
    return member(
        UserFactory(username="sagsbehandler.ballerup", first_name="Sara", last_name="Holm"),
        ballerup_authority,
        Role.CASEWORKER,
    )


@pytest.fixture
def citizen_ishoj(ishoj):
    return CitizenFactory(
        first_name="Jørgen",
        last_name="Østergaard",
        acting_municipality=ishoj,
        birth_date=datetime.date(1971, 3, 2),
        phone="20304050",
    )


@pytest.fixture
def resident_ishoj(ishoj, ishoj_shelter_unit):
    """A citizen living at the Ishøj shelter: the shelter worker may see him."""
    citizen = CitizenFactory(first_name="Bo", last_name="Hansen", acting_municipality=ishoj)
    RelationshipFactory(
        citizen=citizen, unit=ishoj_shelter_unit, started_on=datetime.date(2026, 10, 1)
    )
    return citizen


@pytest.fixture
def citizen_ballerup(ballerup):
    return CitizenFactory(
        first_name="Freja",
        last_name="Bøgh",
        gender="female",
        acting_municipality=ballerup,
        birth_date=datetime.date(2003, 8, 9),
    )


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_user():
    return login
