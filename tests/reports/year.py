"""A year (2025) of records built by hand for the outcome report, with the figures counted by
hand in test_outcome_report.py. Ishøj's shelter (§110, 11,51 support hours a week, a cost
sheet of exactly 1.000 kr. a night) and an Ishøj Housing First team with courses."""

import datetime
from decimal import Decimal

from django.utils import timezone

from hjemvej.accounts.models import Role, Unit
from hjemvej.courses.models import Course, CourseTemplate, MoveToOwnHome, SupportEntry
from hjemvej.economics.models import CostSheet
from hjemvej.meetings.models import Meeting
from hjemvej.offers.catalogue import OFFERS, ensure_offer
from hjemvej.people.models import Relationship
from hjemvej.plans.models import Goal, Plan, Score, SubGoal
from hjemvej.stays.models import Stay
from tests.factories import CitizenFactory, UnitFactory, UserFactory, member

D = datetime.date
YEAR = 2025


def build_year(ishoj, ishoj_shelter_unit):
    shelter = ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])
    hf_unit = UnitFactory(
        municipality=ishoj, kind=Unit.Kind.OFFER, name="Ishøj Housing First", slug="ishoj-hf"
    )
    staff = member(UserFactory(username="hf.ishoj"), hf_unit, Role.OFFER_STAFF)
    CostSheet.objects.create(
        unit=ishoj_shelter_unit,
        budget_year=YEAR,
        salaries=Decimal("365000"),
        other=Decimal("0"),
        salary_pools_pct=Decimal("0"),
        maintenance_pct=Decimal("0"),
        indirect_pct=Decimal("0"),
        places=1,
        occupancy_pct=Decimal("100"),
    )
    template = CourseTemplate.objects.create(code="hf-test", name="Housing First-forløb")
    people = {}
    for key, first, gender, born in [
        ("A", "Anders", "male", D(1980, 1, 1)),
        ("B", "Birthe", "female", D(1990, 1, 1)),
        ("C", "Carl", "male", D(2004, 6, 1)),
        ("D", "Dorte", "female", D(1970, 1, 1)),
        ("E", "Erik", "male", D(1960, 1, 1)),
        ("F", "Frida", "female", D(1985, 1, 1)),
        ("G", "Gustav", "male", D(1982, 1, 1)),
        ("H", "Hanne", "female", D(1988, 1, 1)),
        ("I", "Ib", "male", D(1975, 1, 1)),
        ("J", "Jytte", "female", D(1979, 1, 1)),
        ("K", "Kurt", "male", D(1966, 1, 1)),
        ("L", "Lise", "female", D(1995, 1, 1)),
        ("M", "Mads", "male", D(1999, 1, 1)),
    ]:
        people[key] = CitizenFactory(
            first_name=first,
            last_name="Testesen",
            gender=gender,
            birth_date=born,
            acting_municipality=ishoj,
        )

    def stay(key, start, end, destination="", occupation="", own_payment="0"):
        citizen = people[key]
        Relationship.objects.create(
            citizen=citizen,
            unit=ishoj_shelter_unit,
            kind=Relationship.Kind.STAY,
            started_on=start,
            ended_on=end,
        )
        return Stay.objects.create(
            citizen=citizen,
            offer=shelter,
            decided_on=start,
            started_on=start,
            ended_on=end,
            destination=destination,
            occupation_after=occupation,
            own_payment_per_night=Decimal(own_payment),
        )

    stay("A", D(2024, 12, 1), D(2025, 1, 31), "own_home", "work")
    stay("B", D(2025, 2, 1), D(2025, 2, 11), "street", "none")
    stay("C", D(2025, 3, 1), D(2025, 9, 27), "own_home_support", "education", own_payment="100")
    stay("D", D(2025, 5, 1), D(2025, 5, 21), "hospital_treatment")
    stay("E", D(2025, 6, 1), None)
    stay("F", D(2024, 3, 1), D(2024, 6, 1), "street")  # the year before: not in the report

    def course(key, start, end, outcome=""):
        return Course.objects.create(
            citizen=people[key],
            template=template,
            unit=hf_unit,
            started_on=start,
            ended_on=end,
            outcome=outcome,
            status="ended" if end else "active",
            weekly_support_hours=Decimal("2"),
        )

    course("G", D(2025, 1, 5), D(2025, 8, 31), "own_home")
    course("H", D(2025, 2, 1), D(2025, 4, 30), "dropped_out")
    course("I", D(2025, 3, 1), D(2025, 11, 1), "own_home_support")
    course("J", D(2024, 9, 1), None)

    for key, unit, moved, returned in [
        ("A", ishoj_shelter_unit, D(2025, 1, 31), D(2025, 6, 15)),
        ("C", ishoj_shelter_unit, D(2025, 9, 27), None),
        ("G", hf_unit, D(2025, 8, 31), None),
        ("I", hf_unit, D(2025, 11, 1), D(2026, 12, 1)),  # more than 12 months after
        ("K", hf_unit, D(2024, 5, 1), D(2025, 2, 1)),  # moved the year before
    ]:
        MoveToOwnHome.objects.create(
            citizen=people[key], moved_on=moved, source="test", unit=unit, returned_on=returned
        )

    def scores(key, unit, values, citizen_value=None):
        plan = Plan.objects.create(
            citizen=people[key],
            kind=Plan.Kind.STAY,
            unit=unit,
            starts_on=D(2025, 1, 1),
            purpose="Egen bolig",
            created_by=staff,
        )
        goal = Goal.objects.create(plan=plan, kind=Goal.Kind.PROFESSIONAL, title="Bo selv")
        sub = SubGoal.objects.create(goal=goal, text="Jeg har en ugeplan")
        for on, value in values:
            Score.objects.create(
                sub_goal=sub, scored_on=on, value=value, scored_by="staff", user=staff
            )
        if citizen_value is not None:
            Score.objects.create(
                sub_goal=sub, scored_on=D(2025, 6, 1), value=citizen_value, scored_by="citizen"
            )

    scores("A", ishoj_shelter_unit, [(D(2025, 1, 5), 3), (D(2025, 3, 1), 1)])
    scores("C", ishoj_shelter_unit, [(D(2025, 3, 5), 4), (D(2025, 6, 1), 3), (D(2026, 1, 10), 0)])
    scores("G", hf_unit, [(D(2025, 2, 1), 2), (D(2025, 7, 1), 2)], citizen_value=0)
    scores("D", ishoj_shelter_unit, [(D(2025, 5, 5), 3)])  # one score: no change yet

    tz = timezone.get_current_timezone()
    for key, on, status, living in [
        ("K", D(2025, 3, 10), "held", "own_no_support"),
        ("L", D(2025, 5, 10), "held", "not_own"),
        ("M", D(2025, 7, 1), "held", "own_limited_support"),
        ("J", D(2025, 8, 1), "planned", ""),
    ]:
        start = datetime.datetime.combine(on, datetime.time(10), tzinfo=tz)
        Meeting.objects.create(
            kind="after_end",
            citizen=people[key],
            unit=hf_unit,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            place="Ishøj Rådhus",
            contact_person=staff,
            status=status,
            living_situation=living,
        )

    for key, unit, on, minutes in [
        ("A", ishoj_shelter_unit, D(2025, 1, 10), 120),
        ("C", ishoj_shelter_unit, D(2025, 4, 1), 90),
        ("C", ishoj_shelter_unit, D(2025, 5, 1), 30),
        ("G", hf_unit, D(2025, 2, 1), 60),
        ("A", ishoj_shelter_unit, D(2024, 12, 10), 600),  # the year before
    ]:
        SupportEntry.objects.create(
            citizen=people[key],
            unit=unit,
            date=on,
            minutes=minutes,
            kind="conversation",
            registered_by=staff,
        )
    return people, hf_unit
