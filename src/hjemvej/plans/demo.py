"""Demo data: for two citizens in each municipality an assessment six months ago and one now,
an action plan with the citizen's own goal and a SMART goal, sub-goals and scores over time.
One Ishøj shelter resident also gets a stay plan from the shelter; a Ballerup citizen under 18
gets a Signs of Safety assessment instead of VUM. Safe to run twice: a municipality
whose authority already has plans is left alone."""

import datetime

from django.db import transaction
from django.utils import timezone

from hjemvej.accounts.models import Unit, User
from hjemvej.common import dates
from hjemvej.people.models import Citizen, Relationship
from hjemvej.plans import rules, services
from hjemvej.plans.ffb import Vocabulary
from hjemvej.plans.models import Goal, Plan, ScoredBy, Term

MUNICIPALITIES = [("Ishøj", "ishoj"), ("Ballerup", "ballerup"), ("Herning", "herning")]


def _term(vocabulary: str, display: str) -> Term:
    return Term.objects.get(vocabulary=vocabulary, display=display, depth__gt=0)


def _level(rank: int) -> Term:
    return Term.objects.get(vocabulary=Vocabulary.FUNCTIONAL_LEVEL, rank=rank)


def _assess(user, citizen, unit, on, levels: dict[str, int], support: str) -> None:
    themes = [
        {
            "theme": _term(Vocabulary.THEME, name),
            "citizen_view": f"Borgeren fortæller om {name.lower()}.",
            "professional_view": f"Faglig vurdering af {name.lower()}.",
            "level": _level(rank),
        }
        for name, rank in levels.items()
    ]
    services.do_create_assessment(
        user=user,
        citizen=citizen,
        unit=unit,
        assessed_on=on,
        resources="Har kontakt til sin søster og vil gerne bo for sig selv.",
        challenges="Mangler overblik over økonomi og hverdag.",
        support_need=_term(Vocabulary.SUPPORT_NEED, support),
        themes=themes,
    )


def _plan(user, citizen, unit, kind, start, today, *, strong: bool) -> None:
    plan = services.do_create_plan(
        user=user,
        citizen=citizen,
        kind=kind,
        unit=unit,
        starts_on=start,
        purpose="At borgeren kommer i egen bolig med den støtte, der skal til.",
        citizen_wishes="Jeg vil have mit eget sted og klare mig selv i hverdagen.",
        expected_duration="12 måneder",
    )
    own = services.do_add_goal(
        user=user,
        plan=plan,
        kind=Goal.Kind.CITIZEN,
        title="Jeg vil have min egen lejlighed, hvor jeg kan have min hund.",
    )
    smart = services.do_add_goal(
        user=user,
        plan=plan,
        kind=Goal.Kind.PROFESSIONAL,
        title="Jeg klarer selv madlavning, indkøb, tøjvask og rengøring",
        proposed_by=ScoredBy.CITIZEN,
        specific="Borgeren laver mad, køber ind, vasker tøj og gør rent uden hjælp.",
        measurable="Borgeren følger sin ugeplan i fire uger i træk.",
        attractive="Borgeren vil kunne bo i egen bolig.",
        realistic="Borgeren har klaret det før og har støtte fra kontaktpersonen.",
        deadline=dates.add_months(start, 12),
        goal_type=_term(Vocabulary.GOAL_TYPE, "Udvikle funktionsevne"),
        themes=[_term(Vocabulary.THEME, "Praktiske opgaver")],
        target_level=_level(1),
    )
    weekly = services.do_add_sub_goal(
        user=user,
        goal=smart,
        text="Jeg har en ugeplan",
        responsible="Borgeren og kontaktpersonen",
        target_date=dates.add_months(start, 1),
        follow_up_on=dates.add_months(start, 1),
    )
    own_plan = services.do_add_sub_goal(
        user=user,
        goal=smart,
        text="Jeg følger planen på egen hånd",
        responsible="Borgeren",
        target_date=dates.add_months(start, 7),
        follow_up_on=dates.add_months(start, 7),
    )
    flat = services.do_add_sub_goal(
        user=user,
        goal=own,
        text="Jeg er skrevet op til en bolig",
        responsible="Sagsbehandleren",
        follow_up_on=dates.add_months(start, 2),
    )
    weekly_scores = [(0, 3), (1, 1)] if strong else [(0, 3), (1, 3)]
    for months, value in weekly_scores:
        day = dates.add_months(start, months)
        if day <= today:
            services.do_record_score(
                user=user,
                sub_goal=weekly,
                scored_on=day,
                value=value,
                next_follow_up_on=dates.add_months(day, 6 if months else 1),
            )
    for months, value in [(1, 4), (4, 3), (7, 2)] if strong else [(1, 4), (4, 4)]:
        day = dates.add_months(start, months)
        if day <= today:
            services.do_record_score(
                user=user,
                sub_goal=own_plan,
                scored_on=day,
                value=value,
                next_follow_up_on=dates.add_months(day, 3),
            )
    services.do_record_score(user=user, sub_goal=flat, scored_on=start, value=2)
    services.do_sign_off(
        user=user,
        plan=plan,
        party="citizen",
        signed_on=today,
        name=citizen.full_name,
    )
    services.do_sign_off(
        user=user, plan=plan, party="authority", signed_on=today, name=str(user), unit=unit
    )


def build(out) -> None:
    today = timezone.localdate()
    start = dates.add_months(today, -8)
    made = 0
    with transaction.atomic():
        for name, slug in MUNICIPALITIES:
            user = User.objects.filter(username=f"sagsbehandler.{slug}").first()
            authority = Unit.objects.filter(slug=f"{slug}-myndighed").first()
            if user is None or authority is None or Plan.objects.filter(unit=authority).exists():
                continue
            # VUM is for adults; under 18 the assessment is Signs of Safety (below).
            citizens = [
                c
                for c in Citizen.objects.filter(acting_municipality__name=name).order_by("cpr")
                if not rules.uses_signs_of_safety(c.birth_date, start)
            ][:2]
            for i, citizen in enumerate(citizens):
                _assess(
                    user,
                    citizen,
                    authority,
                    start,
                    {"Praktiske opgaver": 3, "Samfundsliv": 3, "Egenomsorg": 2},
                    "Højt støttebehov",
                )
                _assess(
                    user,
                    citizen,
                    authority,
                    today - datetime.timedelta(days=7),
                    {"Praktiske opgaver": 1 if i == 0 else 3, "Samfundsliv": 2, "Egenomsorg": 2},
                    "Moderat støttebehov",
                )
                _plan(user, citizen, authority, Plan.Kind.ACTION_141, start, today, strong=i == 0)
                made += 1
        shelter = Unit.objects.filter(slug="ishoj-herberg").first()
        worker = User.objects.filter(username="herberg.ishoj").first()
        resident = (
            Citizen.objects.filter(relationships__unit=shelter, relationships__ended_on=None)
            .order_by("cpr")
            .first()
            if shelter
            else None
        )
        if resident and worker and not resident.plans.filter(unit=shelter).exists():
            _plan(
                worker,
                resident,
                shelter,
                Plan.Kind.STAY,
                dates.add_months(today, -3),
                today,
                strong=True,
            )
            made += 1
        _signs_of_safety(today)
    out(f"Planer: {made} nye planer med mål, delmål og scorer.")


def _signs_of_safety(today) -> None:
    """A young Ballerup citizen under 18 is assessed with Signs of Safety, not VUM."""
    user = User.objects.filter(username="sagsbehandler.ballerup").first()
    authority = Unit.objects.filter(slug="ballerup-myndighed").first()
    if user is None or authority is None:
        return
    young = next(
        (
            c
            for c in Citizen.objects.filter(acting_municipality__name="Ballerup").order_by("cpr")
            if rules.uses_signs_of_safety(c.birth_date, today)
        ),
        None,
    )
    if young is None:
        # The demo's citizens are 17 or older on the foundation's day; a 16-year-old on the
        # youth housing's waiting side makes the point (youth housing admits from 16).
        birth = datetime.date(today.year - 16, 1, 2)
        young, _ = Citizen.objects.get_or_create(
            cpr=f"{birth:%d%m%y}4980",
            defaults={
                "first_name": "Liva",
                "last_name": "Holm",
                "birth_date": birth,
                "gender": "female",
                "acting_municipality": authority.municipality,
            },
        )
        if not rules.uses_signs_of_safety(young.birth_date, today):
            return
    if young is None or young.safety_assessments.exists():
        return
    services.do_create_safety_assessment(
        user=user,
        citizen=young,
        unit=authority,
        assessed_on=today - datetime.timedelta(days=14),
        worries="Den unge har været væk hjemmefra i flere nætter og sover hos skiftende venner.",
        what_works="Har en god kontakt til sin mormor og kommer stadig i skole de fleste dage.",
        what_needs_to_happen="Et sikkert sted at bo – fx ungeboligen – og en aftale med mormor "
        "om weekenderne.",
        safety_scale=4,
        scale_note="Usikker boligsituation, men et stærkt netværk.",
    )


__all__ = ["build", "Relationship"]
