"""Demo step "income" (issue 16, item 3): what the demo's citizens live on, the youth housing's
own payment from it, and two offered homes the income rules flag. Safe to run twice."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from hjemvej.accounts.models import Municipality, User
from hjemvej.housing import selectors, services
from hjemvej.housing.models import HousingApplication, Income
from hjemvej.people.models import Citizen
from hjemvej.stays.models import Stay
from hjemvej.stays.services import do_set_own_payment

# What the demo's citizens live on (DOMAIN.md §9), per month after tax.
CASH_BENEFIT = Decimal("11900.00")
SU = Decimal("6820.00")
APPRENTICE = Decimal("11200.00")
EARLY_PENSION = Decimal("14500.00")


def build(out) -> None:
    """Demo step "income": incomes for Ishøj's shelter residents (cash benefit, an early
    pension), SU or apprentice pay for Ballerup's young people in the youth housing (their own
    payment set from it), incomes at discharge for the outcome report, and two offered homes
    that are flagged: one in another municipality for a citizen on cash benefit, one whose rent
    is too high. Safe to run twice."""
    today = timezone.localdate()
    d = datetime.timedelta
    with transaction.atomic():
        if Income.objects.exists():
            out(f"Indkomster: {Income.objects.count()}")
            return
        ishoj = User.objects.get(username="sagsbehandler.ishoj")
        ballerup = User.objects.get(username="sagsbehandler.ballerup")
        residents = list(
            Citizen.objects.filter(
                stays__offer__unit__slug="ishoj-herberg", stays__ended_on__isnull=True
            ).order_by("stays__started_on")[:3]
        )
        sources = [
            ("cash_benefit", CASH_BENEFIT),
            ("cash_benefit", CASH_BENEFIT),
            ("pension", EARLY_PENSION),
        ]
        for citizen, (source, amount) in zip(residents, sources, strict=False):
            services.do_record_income(
                user=ishoj,
                citizen=citizen,
                source=source,
                monthly_amount=amount,
                valid_from=today - d(days=400),
                note="Oplyst af Ydelsescentret",
            )
        other = Municipality.objects.filter(code=151).first()  # Ballerup
        if len(residents) > 1 and other is not None:
            application = services.do_add_application(
                user=ishoj,
                citizen=residents[1],
                channel=HousingApplication.Channel.ASSOCIATION,
                landlord="Boligselskabet Baldersbo",
                applied_on=today - d(days=45),
            )
            services.do_record_housing_offer(
                user=ishoj,
                application=application,
                offered_on=today - d(days=3),
                address="Rugvænget 8, st. tv., 2750 Ballerup",
                rent=Decimal("4650.00"),
                municipality=other,
            )
        if len(residents) > 2:
            application = services.do_add_application(
                user=ishoj,
                citizen=residents[2],
                channel=HousingApplication.Channel.ALLOCATION,
                applied_on=today - d(days=80),
            )
            services.do_record_housing_offer(
                user=ishoj,
                application=application,
                offered_on=today - d(days=5),
                address="Ishøj Strandvej 40, 3. th., 2635 Ishøj",
                rent=Decimal("7850.00"),
                municipality=residents[2].acting_municipality,
            )
        # The young people in Ballerup's youth housing: SU, one apprentice; the own payment
        # follows it (housing.rules.youth_own_payment).
        young = Stay.objects.filter(
            offer__unit__slug="ballerup-ungebolig", ended_on__isnull=True
        ).select_related("citizen", "offer")
        for i, stay in enumerate(young.order_by("started_on")):
            source, amount = ("apprentice", APPRENTICE) if i == 1 else ("su", SU)
            services.do_record_income(
                user=ballerup,
                citizen=stay.citizen,
                source=source,
                monthly_amount=amount,
                valid_from=stay.started_on - d(days=30),
            )
            suggestion = selectors.youth_own_payment_for(stay.citizen, today)
            if suggestion.per_night is not None:
                do_set_own_payment(user=ballerup, stay=stay, amount=suggestion.per_night)
        # Income at discharge for the outcome report: the year's discharges from Ishøj's
        # shelter, most on cash benefit.
        discharged = (
            Stay.objects.filter(
                offer__unit__slug="ishoj-herberg",
                ended_on__year=today.year,
                citizen__acting_municipality__code=183,
            )
            .exclude(citizen__in=residents)
            .exclude(citizen__incomes__isnull=False)
            .select_related("citizen")
            .order_by("ended_on")
        )
        at_discharge = [
            ("cash_benefit", CASH_BENEFIT),
            ("cash_benefit", CASH_BENEFIT),
            ("pension", EARLY_PENSION),
            ("wages", Decimal("19500.00")),
        ]
        seen: set[int] = set()
        for i, stay in enumerate(discharged[:40]):
            if stay.citizen_id in seen:
                continue
            seen.add(stay.citizen_id)
            source, amount = at_discharge[i % len(at_discharge)]
            services.do_record_income(
                user=ishoj,
                citizen=stay.citizen,
                source=source,
                monthly_amount=amount,
                valid_from=stay.started_on,
            )
    out(f"Indkomster: {Income.objects.count()}")
