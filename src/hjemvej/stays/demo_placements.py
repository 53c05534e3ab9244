"""Demo step "placements" (issue 16): Ishøj buys places outside the municipality. One citizen
has been placed since 2025 in another municipality's §107 offer (invented: "Botilbuddet Engly",
run by the fictitious Nørreå Kommune) at a monthly price, with Ishøj's own shelter as the local
alternative and a plan to bring the citizen home; another stays at a private shelter
(invented: "Forsorgshjemmet Lindegården") at a price per night, without a plan yet. Both
offers, their providers and prices are made up. Safe to run twice."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from hjemvej.accounts.models import Municipality, Unit, User
from hjemvej.offers.models import LegalBasis, Offer, Operator
from hjemvej.offers.services import do_decide_referral, do_refer
from hjemvej.stays.demo import _free_citizens
from hjemvej.stays.models import Placement, PlanStatus, Stay
from hjemvej.stays.services import do_create_placement

ENGLY = {
    "slug": "ishoj-koebt-engly",
    "name": "Botilbuddet Engly (købt plads, §107)",
    "legal_basis": LegalBasis.SEL_107,
    "operator": Operator.MUNICIPALITY,
    "provider": "Nørreå Kommune (opdigtet)",
    "price_per_month": Decimal("68500.00"),
    "price_per_night": None,
}
LINDEGAARDEN = {
    "slug": "ishoj-koebt-lindegaarden",
    "name": "Forsorgshjemmet Lindegården (købt plads, §110)",
    "legal_basis": LegalBasis.SEL_110,
    "operator": Operator.PRIVATE,
    "provider": "Den selvejende institution Lindegården (opdigtet)",
    "price_per_month": None,
    "price_per_night": Decimal("1950.00"),
}


def _bought_offer(ishoj: Municipality, spec: dict) -> Offer:
    unit, _ = Unit.objects.get_or_create(
        slug=spec["slug"],
        defaults={"municipality": ishoj, "name": spec["name"], "kind": Unit.Kind.OFFER},
    )
    offer, _ = Offer.objects.get_or_create(
        unit=unit,
        defaults={
            "legal_basis": spec["legal_basis"],
            "operator": spec["operator"],
            "provider": spec["provider"],
            "price_per_month": spec["price_per_month"],
            "price_per_night": spec["price_per_night"],
            "residential": True,
            "target_group": "Opdigtet tilbud i demodata.",
        },
    )
    return offer


def build(out) -> None:
    today = timezone.localdate()
    ishoj = Municipality.objects.filter(code=183).first()
    local = Offer.objects.filter(unit__slug="ishoj-herberg").first()
    if ishoj is None or local is None:
        return
    with transaction.atomic():
        engly = _bought_offer(ishoj, ENGLY)
        lindegaarden = _bought_offer(ishoj, LINDEGAARDEN)
        if Placement.objects.filter(offer__in=[engly, lindegaarden]).exists():
            out("Anbringelser i købte tilbud: findes allerede")
            return
        caseworker = User.objects.get(username="sagsbehandler.ishoj")
        people = _free_citizens(183, min_age=25, max_age=80, today=today)[:2]
        if len(people) < 2:
            return
        placed_on = datetime.date(2025, 3, 1)
        referral = do_refer(
            user=caseworker,
            citizen=people[0],
            offer=engly,
            on=placed_on - datetime.timedelta(days=21),
            local_alternative=local,
            local_alternative_reason=(
                "Ingen ledig plads på De fleksible afklaringspladser, og borgeren havde brug "
                "for et længerevarende botilbud med døgnbemanding."
            ),
        )
        do_decide_referral(
            user=caseworker,
            referral=referral,
            approve=True,
            on=placed_on - datetime.timedelta(days=14),
        )
        do_create_placement(
            user=caseworker,
            citizen=people[0],
            offer=engly,
            started_on=placed_on,
            local_offer=local,
            responsible=caseworker,
            plan_status=PlanStatus.IN_PROGRESS,
            target_date=today + datetime.timedelta(days=21),
            plan_steps=(
                "1. Samtale med borgeren om at flytte tilbage til Ishøj.\n"
                "2. Afdragsordning på gælden til boligselskabet.\n"
                "3. Plads på De fleksible afklaringspladser, derefter egen bolig med §85-støtte."
            ),
        )
        do_create_placement(
            user=caseworker,
            citizen=people[1],
            offer=lindegaarden,
            started_on=today - datetime.timedelta(days=140),
            local_offer=local,
        )
        # A citizen at the bought shelter (step "bought"): the placement is tied to the stay
        # and starts from its date and agreed price (Placement.stay); the board shows the plan.
        stay = (
            Stay.objects.filter(
                offer__unit__municipality=ishoj, ended_on__isnull=True, placements__isnull=True
            )
            .exclude(offer__operator=Operator.OWN)
            .select_related("citizen", "offer")
            .order_by("started_on", "pk")
            .first()
        )
        if stay is not None:
            do_create_placement(
                user=caseworker,
                citizen=stay.citizen,
                offer=stay.offer,
                local_offer=local,
                responsible=caseworker,
                plan_status=PlanStatus.PLANNED,
                target_date=today + datetime.timedelta(days=60),
                plan_steps="Borgeren flytter hjem til Herberget Ishøj, når der er en ledig plads.",
            )
    tied = " og én knyttet til et ophold på et købt herberg" if stay is not None else ""
    out(f"Anbringelser i købte tilbud: 2 (én med hjemtagningsplan){tied}")
