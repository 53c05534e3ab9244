"""Run inside `hjemvej shell` against the worker test's own database: a manager in Ishøj with a
shelter stay to report on, and an outcome report (PDF) ordered for the worker."""

import datetime

from hjemvej.accounts.models import Membership, Municipality, Role, Unit, User
from hjemvej.offers.catalogue import OFFERS, ensure_offer
from hjemvej.people.models import Citizen
from hjemvej.reports.services import do_request_report
from hjemvej.stays.models import Stay


def setup() -> None:
    ishoj = Municipality.objects.create(code=183, name="Ishøj")
    authority = Unit.objects.create(
        municipality=ishoj, kind=Unit.Kind.AUTHORITY, name="Myndighed", slug="ishoj-myndighed"
    )
    unit = Unit.objects.create(
        municipality=ishoj, kind=Unit.Kind.OFFER, name="Herberget", slug="ishoj-herberg"
    )
    shelter = ensure_offer(unit, OFFERS["ishoj-herberg"])
    manager = User.objects.create(username="leder.ishoj")
    Membership.objects.create(user=manager, unit=authority, role=Role.MANAGER)
    citizen = Citizen.objects.create(
        cpr="0101804001",
        first_name="Borger",
        last_name="Et",
        birth_date=datetime.date(1980, 1, 1),
        gender="male",
        acting_municipality=ishoj,
    )
    Stay.objects.create(
        citizen=citizen,
        offer=shelter,
        decided_on=datetime.date(2025, 3, 1),
        started_on=datetime.date(2025, 3, 1),
        ended_on=datetime.date(2025, 4, 1),
        destination="own_home",
    )
    do_request_report(
        user=manager, kind="outcome-pdf", params={"kommune": "183", "aar": "2025"}
    )  # committed at once (autocommit): the task row is there for the worker
