"""Demo meetings this week: a network meeting in Ishøj's CTI course, a monthly status meeting in
Ballerup's youth-housing course and a §141 follow-up for a resident at Ishøj's shelter. Runs
after the courses step; safe to run twice."""

import datetime

from django.db import transaction
from django.utils import timezone

from hjemvej.accounts.models import Unit, User
from hjemvej.courses.models import Course
from hjemvej.meetings import rules
from hjemvej.meetings.models import Meeting
from hjemvej.meetings.services import do_book_meeting
from hjemvej.people.models import Citizen


def _local(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, 0), tzinfo=timezone.get_current_timezone()
    )


def build(out) -> None:
    units = {u.slug: u for u in Unit.objects.all()}
    if "ishoj-herberg" not in units:
        out("Møder: enhederne mangler – kør foundation-trinnet først.")
        return
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    with transaction.atomic():
        jonas = User.objects.filter(username="herberg.ishoj").first()
        ali = User.objects.filter(username="herberg.ballerup").first()
        # The demo courses of the courses step: one per template and unit.
        cti = Course.objects.filter(template__code="cti", unit=units["ishoj-aagaarden"]).first()
        youth = Course.objects.filter(
            template__code="ballerup-ungebolig", unit=units["ballerup-ungebolig"]
        ).first()
        if cti and jonas and not Meeting.objects.filter(course=cti).exists():
            do_book_meeting(
                user=jonas,
                kind=rules.NETWORK,
                unit=cti.unit,
                starts_at=_local(
                    max(today + datetime.timedelta(days=1), monday + datetime.timedelta(days=3)), 10
                ),
                duration_minutes=60,
                place="Ishøj Strandvej 44, 2. th.",
                citizen=cti.citizen,
                course=cti,
            )
        if youth and ali and not Meeting.objects.filter(course=youth).exists():
            do_book_meeting(
                user=ali,
                kind=rules.STATUS_MONTHLY,
                unit=youth.unit,
                starts_at=_local(today + datetime.timedelta(days=2), 13),
                duration_minutes=45,
                place="Banegårdspladsen 3, Ballerup",
                citizen=youth.citizen,
                course=youth,
            )
        shelter = units["ishoj-herberg"]
        # The first of the shelter's residents who got support in the courses step.
        resident = (
            Citizen.objects.filter(
                support_entries__unit=shelter, support_entries__course__isnull=True
            )
            .distinct()
            .order_by("cpr")
            .first()
        )
        if (
            resident
            and not Meeting.objects.filter(citizen=resident, kind=rules.FOLLOWUP_141).exists()
        ):
            do_book_meeting(
                user=User.objects.get(username="sagsbehandler.ishoj"),
                kind=rules.FOLLOWUP_141,
                unit=shelter,
                starts_at=_local(today + datetime.timedelta(days=1), 9),
                duration_minutes=60,
                place="Ishøj Store Torv 20, mødelokale 2",
                citizen=resident,
            )
    out("Møder: møder i denne uge er indlæst.")
