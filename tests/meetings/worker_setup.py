"""Run inside `hjemvej shell` against the worker test's own database: N citizens, each with one
meeting tomorrow and one reminder due now, and the reminder sweep queued for the worker."""

import datetime

from django.utils import timezone

from hjemvej.accounts.models import Membership, Municipality, Role, Unit, User
from hjemvej.meetings import rules, services, tasks
from hjemvej.meetings.models import Reminder
from hjemvej.people.models import Citizen, Relationship


def setup(count: int) -> None:
    ishoj = Municipality.objects.create(code=183, name="Ishøj")
    unit = Unit.objects.create(
        municipality=ishoj, kind=Unit.Kind.OFFER, name="Akutboligerne", slug="ishoj-aagaarden"
    )
    user = User.objects.create(username="herberg.ishoj", first_name="Jonas", last_name="Dam")
    Membership.objects.create(user=user, unit=unit, role=Role.OFFER_STAFF)
    now = timezone.now()
    for n in range(count):
        citizen = Citizen.objects.create(
            cpr=f"01018{n % 10}{4000 + n:04d}"[:10],
            first_name="Borger",
            last_name=f"Nr{n}",
            birth_date=datetime.date(1980, 1, 1),
            gender="male",
            phone=f"2000{n:04d}",
            acting_municipality=ishoj,
        )
        # The citizen lives at the unit, so Jonas may book the citizen's meetings.
        Relationship.objects.create(
            citizen=citizen, unit=unit, kind="stay", started_on=datetime.date(2026, 1, 1)
        )
        services.do_book_meeting(
            user=user,
            kind=rules.NETWORK,
            unit=unit,
            starts_at=now + datetime.timedelta(hours=20),
            duration_minutes=60,
            place="Ishøj Strandvej 44",
            citizen=citizen,
            now=now,
        )
    # Only the reminders due now stay; the later ones would not be due during the test.
    Reminder.objects.filter(send_at__gt=now).delete()
    assert Reminder.objects.filter(status="pending").count() == count
    tasks.schedule(at=now)
