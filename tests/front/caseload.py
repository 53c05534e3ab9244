"""A caseworker's full caseload: citizens with meetings today and this week, some living at the
shelter (with the stays' deadlines), notes and a consent — for the home page and citizen page."""

import datetime

from django.utils import timezone

from hjemvej.audit.context import acting_as
from hjemvej.meetings import rules
from hjemvej.meetings.services import do_book_meeting
from hjemvej.stays import services as stay_services
from tests.factories import CitizenFactory
from tests.offers.helpers import SHELTER_OK


def fill_caseload(n, *, caseworker, authority, ishoj, shelter=None, shelter_worker=None, start=0):
    """n citizens for the caseworker: one meeting each in the coming week (the first ones today
    when the day still has room), every fourth admitted at the shelter."""
    now = timezone.now()
    today = timezone.localdate()
    days_left = 6 - today.weekday()
    citizens = []
    with acting_as(caseworker):
        for i in range(start, start + n):
            citizen = CitizenFactory(acting_municipality=ishoj, phone="20000000")
            citizens.append(citizen)
            day = i % (days_left + 1)
            starts = now + datetime.timedelta(days=day, minutes=5 + i)
            if timezone.localtime(starts).date() != today + datetime.timedelta(days=day):
                # Late in the day (on a Sunday, late in the week): a second apart from a minute
                # on, so that they stay within the day (else an hour's worth of meetings booked
                # after 23:00 on a Sunday fell into next week).
                starts = now + datetime.timedelta(minutes=1, seconds=i)
            do_book_meeting(
                user=caseworker,
                kind=rules.OTHER,
                unit=authority,
                starts_at=starts,
                duration_minutes=30,
                place="Ishøj Rådhus, Ishøj Store Torv 20",
                citizen=citizen,
            )
            if shelter is not None and i % 4 == 0:
                stay_services.do_admit(
                    user=shelter_worker,
                    offer=shelter,
                    citizen=citizen,
                    facts=SHELTER_OK,
                    started_on=today - datetime.timedelta(days=i % 30),
                )
    return citizens
