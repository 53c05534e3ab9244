"""Factories for domain data. Named story fixtures live in conftest.py."""

import datetime
import itertools

import factory

from hjemvej.accounts.models import Membership, Municipality, Role, Unit, User
from hjemvej.people.models import Citizen, Relationship

_serial = itertools.count(1)


def make_cpr(birth: datetime.date, male: bool = True) -> str:
    """A CPR number for the birth date: 2000 distinct numbers per date before 2000, 500 after,
    with the century digit right and the last digit odd for men."""
    n = next(_serial)
    seq = n % 2000
    first = seq // 500 if birth.year < 2000 else 4
    rest = (seq % 500) * 2 + (1 if male else 0)
    return f"{birth:%d%m%y}{first}{rest:03d}"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: 900 + n)
    name = factory.Sequence(lambda n: f"Testkommune {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("slug",)

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = Unit.Kind.OFFER
    name = factory.Sequence(lambda n: f"Enhed {n}")
    slug = factory.Sequence(lambda n: f"enhed-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"bruger{n}")
    first_name = "Test"
    last_name = "Bruger"
    password = factory.PostGenerationMethodCall("set_password", "hjemvej-test-kode")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def member(user: User, unit: Unit, role: str) -> User:
    Membership.objects.get_or_create(user=user, unit=unit, role=role)
    if hasattr(user, "_hjemvej_memberships"):
        del user._hjemvej_memberships
    return user


class CitizenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citizen

    first_name = factory.Iterator(["Anders", "Birthe", "Jørgen", "Åse", "Søren"])
    last_name = factory.Iterator(["Jensen", "Møller", "Østergaard", "Hansen"])
    birth_date = datetime.date(1980, 5, 17)
    gender = "male"
    cpr = factory.LazyAttribute(lambda o: make_cpr(o.birth_date, o.gender == "male"))
    acting_municipality = factory.SubFactory(MunicipalityFactory)


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    citizen = factory.SubFactory(CitizenFactory)
    unit = factory.SubFactory(UnitFactory)
    kind = Relationship.Kind.STAY
    started_on = datetime.date(2026, 1, 1)


__all__ = ["Role"]
