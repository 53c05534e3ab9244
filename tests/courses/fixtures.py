"""Story fixtures for courses, meetings and the journal: Ishøj's emergency homes (Ågården) run
CTI courses; Jonas works there and at the shelter; Jørgen has a flat and starts CTI."""

import datetime
from decimal import Decimal

import pytest

from hjemvej.accounts.models import Role, Unit
from hjemvej.courses import services
from hjemvej.courses.models import CourseTemplate, UnitSupportSetting
from tests.factories import UnitFactory, member


@pytest.fixture
def aagaarden_unit(ishoj):
    return UnitFactory(
        municipality=ishoj,
        kind=Unit.Kind.OFFER,
        name="Akutboligerne Ågården",
        slug="ishoj-aagaarden",
    )


@pytest.fixture
def cti_worker(shelter_worker_ishoj, aagaarden_unit):
    shelter_worker_ishoj.phone = "43 57 70 00"
    shelter_worker_ishoj.save(update_fields=["phone"])
    return member(shelter_worker_ishoj, aagaarden_unit, Role.OFFER_STAFF)


@pytest.fixture
def cti_template(db):
    return CourseTemplate.objects.get(code="cti")


@pytest.fixture
def shelter_norm(ishoj_shelter_unit):
    return UnitSupportSetting.objects.create(unit=ishoj_shelter_unit, weekly_hours=Decimal("11.51"))


@pytest.fixture
def cti_course(caseworker_ishoj, cti_worker, citizen_ishoj, cti_template, aagaarden_unit):
    return services.do_start_course(
        user=caseworker_ishoj,
        citizen=citizen_ishoj,
        template=cti_template,
        unit=aagaarden_unit,
        started_on=datetime.date(2026, 9, 1),
        tenancy_from=datetime.date(2026, 8, 25),
    )
