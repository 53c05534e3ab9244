"""Demo step "housing": housing applications, a turned-down offer and a repayment agreement
for some of Ishøj's shelter residents. Safe to run twice."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from hjemvej.accounts.models import User
from hjemvej.housing import services
from hjemvej.housing.models import HousingApplication
from hjemvej.offers.models import Offer
from hjemvej.people.models import Citizen


def build(out) -> None:
    today = timezone.localdate()
    with transaction.atomic():
        if HousingApplication.objects.exists():
            out(f"Boligansøgninger: {HousingApplication.objects.count()}")
            return
        user = User.objects.get(username="sagsbehandler.ishoj")
        # Three residents of Ishøj's shelter, the longest-staying first.
        residents = list(
            Citizen.objects.filter(
                stays__offer__unit__slug="ishoj-herberg", stays__ended_on__isnull=True
            ).order_by("stays__started_on")[:3]
        )
        skaeve = Offer.objects.filter(unit__slug="ishoj-skaeve-boliger").first()
        d = datetime.timedelta
        for i, citizen in enumerate(residents):
            application = services.do_add_application(
                user=user,
                citizen=citizen,
                channel=HousingApplication.Channel.ALLOCATION,
                applied_on=today - d(days=200 - 40 * i),
                note="Boliganvisningen er orienteret",
            )
            if i == 0:
                offer = services.do_record_housing_offer(
                    user=user,
                    application=application,
                    offered_on=today - d(days=60),
                    address="Vejleåvej 12, 2. th., 2635 Ishøj",
                    rent=Decimal("5850.00"),
                )
                services.do_answer_housing_offer(
                    user=user,
                    housing_offer=offer,
                    answer="turned_down",
                    reason="For dyr i forhold til kontanthjælpen",
                )
                services.do_add_application(
                    user=user,
                    citizen=citizen,
                    channel=HousingApplication.Channel.ASSOCIATION,
                    landlord="Ishøj Boligselskab",
                    applied_on=today - d(days=150),
                )
            if i == 1 and skaeve is not None:
                services.do_add_application(
                    user=user,
                    citizen=citizen,
                    channel=HousingApplication.Channel.SKAEV,
                    offer=skaeve,
                    applied_on=today - d(days=30),
                )
        if residents:
            debt = services.do_register_debt(
                user=user,
                citizen=residents[0],
                creditor="Ishøj Boligselskab (tidligere lejemål)",
                amount=Decimal("18400.00"),
                registered_on=today - d(days=190),
            )
            agreement = services.do_make_agreement(
                user=user,
                debt=debt,
                agreed_on=today - d(days=150),
                monthly_amount=Decimal("500.00"),
                first_due_on=today - d(days=120),
            )
            for months in range(4):
                services.do_register_instalment(
                    user=user,
                    agreement=agreement,
                    paid_on=agreement.first_due_on + d(days=30 * months),
                    amount=Decimal("500.00"),
                )
        if len(residents) > 1:
            services.do_register_debt(
                user=user,
                citizen=residents[1],
                creditor="KAB (huslejerestance)",
                amount=Decimal("7200.00"),
                registered_on=today - d(days=90),
            )
    out(f"Boligansøgninger: {HousingApplication.objects.count()}")
