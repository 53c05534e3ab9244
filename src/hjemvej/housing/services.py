"""Changes on the way to a home. Each writes its audit row in the same transaction."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hjemvej.access import policy
from hjemvej.accounts.models import Municipality, User
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.housing.models import (
    APPLICATION_STATUS,
    Debt,
    HousingApplication,
    HousingOffer,
    Income,
    IncomeSource,
    Instalment,
    RepaymentAgreement,
)
from hjemvej.people.models import Citizen, Relationship
from hjemvej.people.services import do_close_relationship, do_open_relationship

PURPOSE = "Boligsøgning og gæld (vejen til egen bolig)"


def do_add_application(
    *,
    user: User,
    citizen: Citizen,
    channel: str,
    applied_on: datetime.date,
    landlord: str = "",
    offer=None,
    note: str = "",
) -> HousingApplication:
    policy.check_may_edit_citizen(user, citizen)
    if channel not in HousingApplication.Channel.values:
        raise ValidationError({"channel": "Vælg hvor borgeren har søgt bolig."})
    if channel == HousingApplication.Channel.ASSOCIATION and not landlord.strip():
        raise ValidationError({"landlord": "Skriv hvilken boligforening borgeren har søgt hos."})
    if applied_on > timezone.localdate():
        raise ValidationError({"applied_on": "Datoen for ansøgningen kan ikke ligge i fremtiden."})
    with transaction.atomic():
        application = HousingApplication.objects.create(
            citizen=citizen,
            channel=channel,
            landlord=landlord.strip(),
            offer=offer,
            applied_on=applied_on,
            note=note.strip(),
            created_by=user,
        )
        APPLICATION_STATUS.record_start(application, by=user)
        if offer is not None:
            # The skæve boliger's staff take part in the allocation, so they may see the citizen.
            application.relationship = do_open_relationship(
                citizen=citizen,
                unit=offer.unit,
                kind=Relationship.Kind.REFERRAL,
                started_on=applied_on,
                source="boligansøgning",
            )
            application.save(update_fields=["relationship", "updated_at"])
        log_event(
            action=Action.CREATE,
            summary=f"Boligansøgning registreret ({application.get_channel_display().lower()})",
            citizen=citizen,
            obj=application,
            purpose=PURPOSE,
        )
    return application


def do_record_housing_offer(
    *,
    user: User,
    application: HousingApplication,
    offered_on: datetime.date,
    address: str,
    rent: Decimal | None = None,
    municipality: Municipality | None = None,
) -> HousingOffer:
    policy.check_may_edit_citizen(user, application.citizen)
    if not address.strip():
        raise ValidationError({"address": "Skriv hvilken bolig der er tilbudt."})
    if offered_on < application.applied_on:
        raise ValidationError({"offered_on": "Tilbuddet kan ikke ligge før ansøgningen."})
    if rent is not None and rent < 0:
        raise ValidationError({"rent": "Huslejen kan ikke være negativ."})
    with transaction.atomic():
        if APPLICATION_STATUS.lock(application).status != HousingApplication.Status.OFFERED:
            APPLICATION_STATUS.move(application, to=HousingApplication.Status.OFFERED, by=user)
        housing_offer = HousingOffer.objects.create(
            application=application,
            offered_on=offered_on,
            address=address.strip(),
            rent=rent,
            municipality=municipality,
        )
        log_event(
            action=Action.CREATE,
            summary="Bolig tilbudt",
            citizen=application.citizen,
            obj=housing_offer,
            purpose=PURPOSE,
        )
    return housing_offer


def do_answer_housing_offer(
    *,
    user: User,
    housing_offer: HousingOffer,
    answer: str,
    reason: str = "",
    move_in_on: datetime.date | None = None,
) -> HousingOffer:
    policy.check_may_edit_citizen(user, housing_offer.application.citizen)
    if answer not in (HousingOffer.Answer.ACCEPTED, HousingOffer.Answer.TURNED_DOWN):
        raise ValidationError({"answer": "Vælg om borgeren takkede ja eller nej."})
    if answer == HousingOffer.Answer.TURNED_DOWN and not reason.strip():
        raise ValidationError({"reason": "Skriv hvorfor borgeren takkede nej."})
    application = housing_offer.application
    if move_in_on is not None and move_in_on < application.applied_on:
        raise ValidationError({"move_in_on": "Indflytningen kan ikke ligge før ansøgningen."})
    Status = HousingApplication.Status
    with transaction.atomic():
        status = APPLICATION_STATUS.lock(application).status
        updated = HousingOffer.objects.filter(
            pk=housing_offer.pk, answer=HousingOffer.Answer.PENDING
        ).update(answer=answer, reason=reason.strip(), updated_at=timezone.now())
        if not updated:
            raise ValidationError("Tilbuddet er allerede besvaret.")
        housing_offer.refresh_from_db()
        if answer == HousingOffer.Answer.ACCEPTED and move_in_on is not None:
            APPLICATION_STATUS.move(
                application, to=Status.MOVED_IN, by=user, fields={"move_in_on": move_in_on}
            )
            if application.relationship is not None:
                do_close_relationship(relationship=application.relationship, ended_on=move_in_on)
        elif answer == HousingOffer.Answer.ACCEPTED and status != Status.OFFERED:
            APPLICATION_STATUS.move(application, to=Status.OFFERED, by=user)
        elif answer == HousingOffer.Answer.TURNED_DOWN and status == Status.OFFERED:
            APPLICATION_STATUS.move(application, to=Status.ACTIVE, by=user, reason=reason)
        log_event(
            action=Action.CHANGE,
            summary=f"Boligtilbud besvaret: {housing_offer.get_answer_display().lower()}",
            citizen=application.citizen,
            obj=housing_offer,
            purpose=PURPOSE,
        )
    return housing_offer


def do_close_application(
    *, user, application: HousingApplication, closed_on: datetime.date | None = None
) -> HousingApplication:
    policy.check_may_edit_citizen(user, application.citizen)
    closed_on = closed_on or timezone.localdate()
    with transaction.atomic():
        APPLICATION_STATUS.move(application, to=HousingApplication.Status.CLOSED, by=user)
        if application.relationship is not None:
            do_close_relationship(relationship=application.relationship, ended_on=closed_on)
        log_event(
            action=Action.CHANGE,
            summary="Boligansøgning afsluttet uden bolig",
            citizen=application.citizen,
            obj=application,
            purpose=PURPOSE,
        )
    return application


def do_register_debt(
    *,
    user: User,
    citizen: Citizen,
    creditor: str,
    amount: Decimal,
    registered_on: datetime.date,
    note: str = "",
) -> Debt:
    policy.check_may_edit_citizen(user, citizen)
    errors = {}
    if not creditor.strip():
        errors["creditor"] = "Skriv hvem borgeren skylder penge."
    if amount is None or amount <= 0:
        errors["amount"] = "Beløbet skal være større end 0 kr."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        debt = Debt.objects.create(
            citizen=citizen,
            creditor=creditor.strip(),
            amount=amount,
            registered_on=registered_on,
            note=note.strip(),
        )
        log_event(
            action=Action.CREATE,
            summary=f"Gæld til {debt.creditor} registreret",
            citizen=citizen,
            obj=debt,
            purpose=PURPOSE,
        )
    return debt


def do_make_agreement(
    *,
    user: User,
    debt: Debt,
    agreed_on: datetime.date,
    monthly_amount: Decimal,
    first_due_on: datetime.date,
) -> RepaymentAgreement:
    policy.check_may_edit_citizen(user, debt.citizen)
    errors = {}
    if monthly_amount is None or monthly_amount <= 0:
        errors["monthly_amount"] = "Afdraget skal være større end 0 kr."
    elif monthly_amount > debt.amount:
        errors["monthly_amount"] = "Afdraget kan ikke være større end gælden."
    if first_due_on < agreed_on:
        errors["first_due_on"] = "Første afdrag kan ikke ligge før aftalen."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if RepaymentAgreement.objects.filter(debt=debt).exists():
            raise ValidationError("Der er allerede en afdragsordning for denne gæld.")
        agreement = RepaymentAgreement.objects.create(
            debt=debt, agreed_on=agreed_on, monthly_amount=monthly_amount, first_due_on=first_due_on
        )
        log_event(
            action=Action.CREATE,
            summary=f"Afdragsordning med {debt.creditor} aftalt",
            citizen=debt.citizen,
            obj=agreement,
            purpose=PURPOSE,
        )
    return agreement


def do_register_instalment(
    *, user, agreement: RepaymentAgreement, paid_on: datetime.date, amount: Decimal
) -> Instalment:
    policy.check_may_edit_citizen(user, agreement.debt.citizen)
    if amount is None or amount <= 0:
        raise ValidationError({"amount": "Beløbet skal være større end 0 kr."})
    if paid_on < agreement.agreed_on:
        raise ValidationError({"paid_on": "Et afdrag kan ikke være betalt før aftalen."})
    with transaction.atomic():
        instalment = Instalment.objects.create(agreement=agreement, paid_on=paid_on, amount=amount)
        log_event(
            action=Action.CREATE,
            summary=f"Afdrag til {agreement.debt.creditor} registreret",
            citizen=agreement.debt.citizen,
            obj=instalment,
            purpose=PURPOSE,
        )
    return instalment


INCOME_PURPOSE = "Indkomst og betalingsevne (vejen til egen bolig)"
MAX_DAY = datetime.date(9999, 12, 31)


def do_record_income(
    *,
    user: User,
    citizen: Citizen,
    source: str,
    monthly_amount: Decimal | None,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    note: str = "",
) -> Income:
    """Record the citizen's income from `valid_from`. An income still running that began
    earlier ends the day before (the new one replaces it); any other overlap is refused."""
    policy.check_may_edit_citizen(user, citizen)
    errors = {}
    if source not in IncomeSource.values:
        errors["source"] = "Vælg hvad borgeren lever af."
    if source == IncomeSource.NONE:
        monthly_amount = monthly_amount or Decimal(0)
        if monthly_amount != 0:
            errors["monthly_amount"] = "Ved „Ingen indkomst“ er beløbet 0 kr."
    elif monthly_amount is None:
        errors["monthly_amount"] = "Skriv beløbet pr. måned."
    elif monthly_amount < 0:
        errors["monthly_amount"] = "Beløbet kan ikke være negativt."
    if valid_to is not None and valid_to < valid_from:
        errors["valid_to"] = "Slutdatoen kan ikke ligge før startdatoen."
    if errors:
        raise ValidationError(errors)
    assert monthly_amount is not None
    with transaction.atomic():
        # One writer per citizen at a time: the overlap check below holds on SQLite too.
        Citizen.objects.select_for_update().filter(pk=citizen.pk).first()
        running = Income.objects.filter(
            citizen=citizen, valid_to__isnull=True, valid_from__lt=valid_from
        ).first()
        if running is not None:
            running.valid_to = valid_from - datetime.timedelta(days=1)
            running.save(update_fields=["valid_to", "updated_at"])
        overlapping = (
            Income.objects.filter(citizen=citizen, valid_from__lte=valid_to or MAX_DAY)
            .exclude(valid_to__lt=valid_from)
            .first()
        )
        if overlapping is not None:
            raise ValidationError(
                {
                    "valid_from": (
                        "Perioden overlapper en anden indkomst "
                        f"({overlapping.get_source_display().lower()} fra "
                        f"{overlapping.valid_from:%d.%m.%Y}). Afslut den først, eller vælg "
                        "en anden dato."
                    )
                }
            )
        income = Income.objects.create(
            citizen=citizen,
            source=source,
            monthly_amount=monthly_amount,
            valid_from=valid_from,
            valid_to=valid_to,
            note=note.strip(),
            recorded_by=user,
        )
        log_event(
            action=Action.CREATE,
            summary=f"Indkomst registreret: {income.get_source_display().lower()} fra "
            f"{valid_from:%d.%m.%Y}",
            citizen=citizen,
            obj=income,
            purpose=INCOME_PURPOSE,
        )
    return income


def do_end_income(*, user: User, income: Income, valid_to: datetime.date) -> Income:
    """End a running income on `valid_to` (its last day)."""
    policy.check_may_edit_citizen(user, income.citizen)
    if valid_to < income.valid_from:
        raise ValidationError(
            {"valid_to": f"Slutdatoen kan ikke ligge før {income.valid_from:%d.%m.%Y}."}
        )
    with transaction.atomic():
        updated = Income.objects.filter(pk=income.pk, valid_to__isnull=True).update(
            valid_to=valid_to, updated_at=timezone.now()
        )
        if not updated:
            raise ValidationError("Indkomsten er allerede afsluttet.")
        income.refresh_from_db()
        log_event(
            action=Action.CHANGE,
            summary=f"Indkomst afsluttet: {income.get_source_display().lower()} til og med "
            f"{valid_to:%d.%m.%Y}",
            citizen=income.citizen,
            obj=income,
            purpose=INCOME_PURPOSE,
        )
    return income
