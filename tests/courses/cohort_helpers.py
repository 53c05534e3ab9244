"""Ballerup's Housing First offer with its staff, and candidates with an approved referral and
a VUM assessment, for the cohort tests (unit, API, concurrency, browser)."""

import datetime

from hjemvej.accounts.models import Role
from hjemvej.audit.context import acting_as
from hjemvej.courses import services
from hjemvej.offers.services import do_decide_referral, do_refer
from tests.factories import CitizenFactory, UserFactory, member
from tests.levels import assess
from tests.offers.helpers import offer_for

TODAY = datetime.date.today()
FIT = {"physical_care_needs": False, "active_substance_use": False}


def housing_first(ballerup):
    offer = offer_for(ballerup, "ballerup-housing-first", "Housing First-gruppen")
    staff = member(UserFactory(username="hf.ballerup"), offer.unit, Role.OFFER_STAFF)
    return offer, staff


def candidate(
    offer, caseworker, authority, *, level: int | None = 2, gender="male", n=0, approve=True
):
    citizen = CitizenFactory(
        acting_municipality=offer.unit.municipality,
        gender=gender,
        first_name=f"Deltager{n}",
        birth_date=datetime.date(1970, 1, 1) + datetime.timedelta(days=n),
    )
    with acting_as(caseworker):
        referral = do_refer(user=caseworker, citizen=citizen, offer=offer, facts=FIT)
        if approve:
            do_decide_referral(user=caseworker, referral=referral, approve=True)
        if level is not None:
            assess(citizen, level, unit=authority, user=caseworker)
    return citizen


def cohort(offer, staff, *, name="Gruppe 1", starts_on=None):
    starts_on = starts_on or TODAY + datetime.timedelta(days=30)
    with acting_as(staff):
        return services.do_create_cohort(
            user=staff,
            offer=offer,
            name=name,
            starts_on=starts_on,
            adl_starts_on=starts_on + datetime.timedelta(days=14),
            adl_ends_on=starts_on + datetime.timedelta(days=70),
        )
