"""Demo step "stays": current stays at the Ishøj shelter (full, with a waiting list; one
resident under 25 with Herning's open task to offer an alternative), the Ballerup youth housing and the Housing First group's candidates. Safe to run twice: an offer
that already has stays is left alone."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from hjemvej.accounts.models import Municipality, User
from hjemvej.common import dates
from hjemvej.deadlines.models import Task
from hjemvej.offers.models import Offer, Operator, Referral
from hjemvej.offers.services import do_decide_referral, do_refer, do_register_bought_offer
from hjemvej.people.models import Citizen
from hjemvej.stays import dst
from hjemvej.stays.models import Stay
from hjemvej.stays.services import do_admit, do_register_external_stay

SHELTER_OK = {
    "active_substance_use": False,
    "untreated_mental_illness": False,
    "physical_care_needs": False,
}
# The youth housing's questions (DOMAIN.md §7), answered for the demo's young residents.
YOUTH_OK = {
    "normally_gifted": True,
    "socially_or_mentally_vulnerable": True,
    "needs_practical_training": True,
    "potential_to_live_alone": True,
    "motivated": True,
    "risk_to_others": False,
    "active_substance_use": False,
    "no_other_adequate_support": True,
    "family_can_replace": False,
    "would_benefit_from_85": False,
}
# Days ago each Ishøj resident moved in: two long stays (12 and 18 months), one near the
# reimbursement limit, two new arrivals this week.
SHELTER_DAYS_AGO = [560, 400, 80, 45, 30, 20, 12, 3, 1]


def _free_citizens(municipality_code: int, *, min_age: int, max_age: int, today):
    busy = Stay.objects.filter(ended_on__isnull=True, residential=True).values("citizen_id")
    waiting = Referral.objects.filter(status__in=["requested", "approved", "waiting"]).values(
        "citizen_id"
    )
    return [
        c
        for c in Citizen.objects.filter(acting_municipality__code=municipality_code)
        .exclude(pk__in=busy)
        .exclude(pk__in=waiting)
        .order_by("cpr")
        if min_age <= c.age_on(today) <= max_age
    ]


def _dst_codes(day: datetime.date, i: int) -> dict[str, str]:
    """A stay type and a "stayed before" from DST's lists valid on `day` (stays/dst.py)."""
    types = [c.code for c in dst.codes_on("stay_type", day)]
    before = [c.code for c in dst.codes_on("stayed_before", day)]
    if not types or not before:
        return {}
    return {"stay_type": types[0], "stayed_before": before[i % len(before)]}


def _first_code(list_name: str, day: datetime.date) -> str:
    entry = dst.codes_on(list_name, day).first()
    return entry.code if entry else ""


def build(out) -> None:
    today = timezone.localdate()
    with transaction.atomic():
        shelter = Offer.objects.filter(unit__slug="ishoj-herberg").first()
        worker = User.objects.get(username="herberg.ishoj")
        if shelter is not None and not shelter.stays.exists():
            people = _free_citizens(183, min_age=25, max_age=80, today=today)
            # The arrival three days ago is a young Herning citizen: admitted like anyone else,
            # and Herning's caseworker has an open task to offer an alternative (issue 15).
            young = _free_citizens(657, min_age=18, max_age=24, today=today) or _free_citizens(
                183, min_age=18, max_age=24, today=today
            )
            if young:
                people.insert(SHELTER_DAYS_AGO.index(3), young[0])
            for i, (days, citizen) in enumerate(zip(SHELTER_DAYS_AGO, people, strict=False)):
                started = today - datetime.timedelta(days=days)
                # Danmarks Statistik's fields: recorded on the recent arrivals; the older stays
                # lack them and show on the export's worklist (issue 18).
                codes = _dst_codes(started, i) if days < 100 else {}
                result = do_admit(
                    user=worker,
                    offer=shelter,
                    citizen=citizen,
                    facts=SHELTER_OK,
                    started_on=started,
                    planned_end_on=started + datetime.timedelta(days=180) if days < 100 else None,
                    stay_type=codes.get("stay_type", ""),
                    stayed_before=codes.get("stayed_before", ""),
                )
                if result.stay and days > 10:
                    # Older stays: the shelter notified the municipality long ago.
                    Task.objects.filter(stay=result.stay, kind=Task.Kind.NOTIFY).update(
                        done_on=result.stay.decided_on + datetime.timedelta(days=1), done_by=worker
                    )
                if result.stay and days >= 100:
                    Task.objects.filter(stay=result.stay, kind=Task.Kind.ACTION_PLAN).update(
                        done_on=result.stay.decided_on + datetime.timedelta(days=20)
                    )
            for citizen in _free_citizens(183, min_age=25, max_age=80, today=today)[:2]:
                do_admit(user=worker, offer=shelter, citizen=citizen, facts=SHELTER_OK)
        youth = Offer.objects.filter(unit__slug="ballerup-ungebolig").first()
        ballerup_worker = User.objects.get(username="herberg.ballerup")
        caseworker = User.objects.get(username="sagsbehandler.ballerup")
        if youth is not None and not youth.stays.exists():
            for i, citizen in enumerate(
                _free_citizens(151, min_age=16, max_age=25, today=today)[:4]
            ):
                started = today - datetime.timedelta(days=60 + 90 * i)
                referral = do_refer(
                    user=caseworker,
                    citizen=citizen,
                    offer=youth,
                    facts=YOUTH_OK,
                    on=started - datetime.timedelta(days=14),
                )
                do_decide_referral(
                    user=caseworker,
                    referral=referral,
                    approve=True,
                    on=started - datetime.timedelta(days=7),
                )
                do_admit(
                    user=ballerup_worker,
                    offer=youth,
                    citizen=citizen,
                    referral=referral,
                    started_on=started,
                )
        group = Offer.objects.filter(unit__slug="ballerup-housing-first").first()
        if group is not None and not group.referrals.exists():
            _housing_first_cohort(group, caseworker, ballerup_worker, today)
        _pitstop_and_herning(today)
    out(
        f"Ophold: {Stay.objects.filter(ended_on__isnull=True).count()} aktive, "
        f"{Referral.objects.filter(status='waiting').count()} på venteliste"
    )


HF_LEVELS = [1, 2, 1, 2, 3]  # overall levels of the candidates' VUM assessments


def _assess(citizen, level: int, *, user, on) -> None:
    """A VUM assessment whose "Aktivitet og deltagelse" themes carry `level`: the level the
    referral and the cohort read (no typed number)."""
    from hjemvej.accounts.models import Unit
    from hjemvej.plans.models import Term
    from hjemvej.plans.services import do_create_assessment

    unit = Unit.objects.get(municipality=citizen.acting_municipality, kind=Unit.Kind.AUTHORITY)
    themes = Term.objects.filter(vocabulary="theme", carries_level=True).order_by("sort_key")[:3]
    term = Term.objects.get(vocabulary="functional_level", depth=1, rank=level)
    do_create_assessment(
        user=user,
        citizen=citizen,
        unit=unit,
        assessed_on=on,
        themes=[{"theme": t, "level": term} for t in themes],
    )


def _housing_first_cohort(group, caseworker, staff, today) -> None:
    """Ballerup's Housing First group: five men referred with a VUM assessment each; four
    approved and admitted to the cohort "Egebjerg 1" (started two months ago, ADL course in its
    plan), one with active use waiting for a decision; a relapse last week with its
    conversation task; and the next cohort "Klakkebjerg 2", still under 4 before its start."""
    from hjemvej.courses.services import do_admit_to_cohort, do_create_cohort, do_record_relapse

    men = [
        c for c in _free_citizens(151, min_age=26, max_age=70, today=today) if c.gender == "male"
    ][:5]
    started = today - datetime.timedelta(days=60)
    approved = []
    for i, citizen in enumerate(men):
        _assess(citizen, HF_LEVELS[i], user=caseworker, on=started - datetime.timedelta(days=40))
        referral = do_refer(
            user=caseworker,
            citizen=citizen,
            offer=group,
            facts={
                "physical_care_needs": False,
                "active_substance_use": i == 4,
                "accepts_treatment": True if i == 4 else None,
            },
            on=started - datetime.timedelta(days=30),
        )
        if i < 4:
            do_decide_referral(
                user=caseworker,
                referral=referral,
                approve=True,
                on=started - datetime.timedelta(days=20),
            )
            approved.append(citizen)
    cohort = do_create_cohort(
        user=staff,
        offer=group,
        name="Egebjerg 1",
        starts_on=started,
        adl_starts_on=started + datetime.timedelta(days=14),
        adl_ends_on=started + datetime.timedelta(days=98),
    )
    members = [
        do_admit_to_cohort(user=staff, cohort=cohort, citizen=c, on=started) for c in approved
    ]
    if members:
        do_record_relapse(
            user=staff,
            member=members[-1],
            occurred_on=today - datetime.timedelta(days=5),
            note="Tilbagefald til kokain efter en weekend alene.",
        )
    later = today + datetime.timedelta(days=120)
    do_create_cohort(
        user=staff,
        offer=group,
        name="Klakkebjerg 2",
        starts_on=later,
        adl_starts_on=later + datetime.timedelta(days=14),
        adl_ends_on=later + datetime.timedelta(days=98),
    )


def _pitstop_and_herning(today) -> None:
    """Pitstop: one cannabis user in treatment, one alcohol-only user refused. Herning: three
    citizens in the homeless team's Housing First course."""
    pitstop = Offer.objects.filter(unit__slug="ishoj-pitstop").first()
    caseworker = User.objects.get(username="sagsbehandler.ishoj")
    staff = User.objects.get(username="leder.ishoj")
    if pitstop is not None and not pitstop.referrals.exists():
        people = _free_citizens(183, min_age=18, max_age=60, today=today)[:2]
        if len(people) == 2:
            cannabis, alcohol = people
            referral = do_refer(
                user=caseworker,
                citizen=cannabis,
                offer=pitstop,
                facts={"substances": ["cannabis"], "pre_interview_done": True},
                # Asked for treatment 18 days before it started: past the 14-day guarantee,
                # so the DST worklist flags it (stays/dst_adult.py).
                on=today - datetime.timedelta(days=48),
            )
            do_decide_referral(
                user=caseworker,
                referral=referral,
                approve=True,
                on=today - datetime.timedelta(days=35),
            )
            do_admit(
                user=staff,
                offer=pitstop,
                citizen=cannabis,
                referral=referral,
                started_on=today - datetime.timedelta(days=30),
                # Ambulant treatment: the first code of DST's treatment_form list.
                treatment_form=_first_code("treatment_form", today - datetime.timedelta(days=30)),
            )
            refused = do_refer(
                user=caseworker,
                citizen=alcohol,
                offer=pitstop,
                facts={"substances": ["alcohol"]},
                on=today - datetime.timedelta(days=10),
            )
            do_decide_referral(
                user=caseworker,
                referral=refused,
                approve=False,
                reason="Pitstop behandler stofbrug, ikke alkohol. Henvist til alkoholbehandling "
                "efter sundhedslovens §141.",
                on=today - datetime.timedelta(days=9),
            )
    team = Offer.objects.filter(unit__slug="herning-hjemloeseteam").first()
    herning_caseworker = User.objects.get(username="sagsbehandler.herning")
    herning_staff = User.objects.get(username="herberg.herning")
    if team is not None and not team.referrals.exists():
        for i, citizen in enumerate(_free_citizens(657, min_age=18, max_age=80, today=today)[:3]):
            started = today - datetime.timedelta(days=30 + 60 * i)
            referral = do_refer(
                user=herning_caseworker,
                citizen=citizen,
                offer=team,
                on=started - datetime.timedelta(days=10),
            )
            do_decide_referral(
                user=herning_caseworker,
                referral=referral,
                approve=True,
                on=started - datetime.timedelta(days=5),
            )
            do_admit(
                user=herning_staff,
                offer=team,
                citizen=citizen,
                referral=referral,
                started_on=started,
            )


# ---------------------------------------------------------------- bought places (issue 16)

BOUGHT_SHELTER = "Forsorgshjemmet Roskildegården (privat, fiktivt)"
# Days ago each Ishøj citizen moved in at the bought shelter: one stuck there for 14 months
# (Ishøj's 2015 memo: half stayed 12–18 months), one for 5 months, one for 3 weeks.
BOUGHT_DAYS_AGO = [426, 150, 21]


def build_bought(out) -> None:
    """Demo step "bought": Ishøj buys places at a private shelter in another municipality (an
    invented one) and three of its citizens stay there, recorded from the notices."""
    today = timezone.localdate()
    caseworker = User.objects.get(username="sagsbehandler.ishoj")
    with transaction.atomic():
        offer = Offer.objects.filter(
            unit__municipality__code=183, unit__name=BOUGHT_SHELTER
        ).first()
        if offer is None:
            offer = do_register_bought_offer(
                user=caseworker,
                municipality=Municipality.objects.get(code=183),
                name=BOUGHT_SHELTER,
                operator=Operator.PRIVATE,
                provider="Roskildegården Fond (fiktiv)",
                tilbudsportalen_id="990016",
                legal_basis="sel110",
                residential=True,
                target_group="Hjemløse voksne over 18 år (fiktivt tilbud til demoen).",
                contact="Forstander, tlf. 11 22 33 44 (fiktiv)",
                price_per_night=Decimal("1150.00"),
            )
        if not offer.stays.exists():
            people = _free_citizens(183, min_age=25, max_age=80, today=today)
            for i, (days, citizen) in enumerate(zip(BOUGHT_DAYS_AGO, people, strict=False)):
                started = today - datetime.timedelta(days=days)
                do_register_external_stay(
                    user=caseworker,
                    offer=offer,
                    citizen=citizen,
                    started_on=started,
                    notice_received_on=dates.add_working_days(started, 2),
                    own_payment_per_night=Decimal([95, 0, 45][i % 3]),
                )
    out(f"Købte pladser: {offer.stays.filter(ended_on__isnull=True).count()} borgere på {offer}")
