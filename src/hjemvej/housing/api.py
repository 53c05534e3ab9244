"""Housing applications in the API."""

import datetime
import uuid
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.utils import timezone
from ninja import Router, Schema

from hjemvej.access import policy
from hjemvej.common.pages import Page, page_of
from hjemvej.common.params import check_query_params
from hjemvej.housing import selectors, services
from hjemvej.housing.models import HousingApplication, HousingOffer, Income

router = Router()
income_router = Router()


class ApplicationIn(Schema):
    citizen: uuid.UUID
    channel: str
    applied_on: datetime.date
    landlord: str = ""
    note: str = ""


class HousingOfferOut(Schema):
    offered_on: datetime.date
    address: str
    rent: Decimal | None
    municipality_code: int | None
    answer: str
    reason: str
    affordability: str  # "affordable", "cannot_pay" or "unknown" (housing.rules)
    affordability_text: str
    cash_benefit_elsewhere: bool


class ApplicationOut(Schema):
    id: uuid.UUID
    citizen: uuid.UUID
    channel: str
    channel_label: str
    landlord: str
    applied_on: datetime.date
    status: str
    move_in_on: datetime.date | None
    offers: list[HousingOfferOut]


def offer_out(o: HousingOffer, citizen, income: Income | None) -> dict:
    check = selectors.check_offer(o, citizen, income)
    return {
        "offered_on": o.offered_on,
        "address": o.address,
        "rent": o.rent,
        "municipality_code": o.municipality.code if o.municipality else None,
        "answer": o.answer,
        "reason": o.reason,
        "affordability": check.affordability.status,
        "affordability_text": check.affordability.text,
        "cash_benefit_elsewhere": check.cash_benefit_elsewhere,
    }


def application_out(a: HousingApplication, citizen, income: Income | None = None) -> dict:
    return {
        "id": a.uuid,
        "citizen": citizen.uuid,
        "channel": a.channel,
        "channel_label": a.get_channel_display(),
        "landlord": a.landlord,
        "applied_on": a.applied_on,
        "status": a.status,
        "move_in_on": a.move_in_on,
        "offers": [offer_out(o, citizen, income) for o in a.offers.all()],
    }


@router.get(
    "",
    response=Page[ApplicationOut],
    summary="En borgers boligansøgninger, nyeste først, 50 pr. side",
)
def list_applications(request, citizen: uuid.UUID, page: int = 1):
    check_query_params(request, "citizen", "page")
    person, _ = policy.access_citizen(request.user, citizen, what="Boligansøgninger (API)")
    apps = (
        HousingApplication.objects.filter(citizen=person)
        .prefetch_related(
            Prefetch("offers", queryset=HousingOffer.objects.select_related("municipality"))
        )
        .order_by("-applied_on", "-created_at", "-id")
    )
    income = selectors.income_on(person, timezone.localdate())
    return page_of(apps, page, lambda a: application_out(a, person, income))


@router.post("", response={201: ApplicationOut}, summary="Registrér en boligansøgning")
def create_application(request, payload: ApplicationIn):
    person, _ = policy.access_citizen(request.user, payload.citizen, what="Boligansøgning (API)")
    if not policy.may_edit_citizen(request.user, person):
        raise PermissionDenied
    application = services.do_add_application(
        user=request.user,
        citizen=person,
        channel=payload.channel,
        applied_on=payload.applied_on,
        landlord=payload.landlord,
        note=payload.note,
    )
    return 201, application_out(application, person)


class IncomeIn(Schema):
    citizen: uuid.UUID
    source: str
    monthly_amount: Decimal | None = None
    valid_from: datetime.date
    valid_to: datetime.date | None = None
    note: str = ""


class IncomeEndIn(Schema):
    valid_to: datetime.date


class IncomeOut(Schema):
    id: uuid.UUID
    citizen: uuid.UUID
    source: str
    source_label: str
    monthly_amount: Decimal
    valid_from: datetime.date
    valid_to: datetime.date | None
    note: str


class IncomeListOut(Schema):
    count: int
    items: list[IncomeOut]


def income_out(i: Income, citizen) -> dict:
    return {
        "id": i.uuid,
        "citizen": citizen.uuid,
        "source": i.source,
        "source_label": i.get_source_display(),
        "monthly_amount": i.monthly_amount,
        "valid_from": i.valid_from,
        "valid_to": i.valid_to,
        "note": i.note,
    }


def _editable_citizen(request, citizen_uuid, what):
    person, _ = policy.access_citizen(request.user, citizen_uuid, what=what)
    if not policy.may_edit_citizen(request.user, person):
        raise PermissionDenied
    return person


@income_router.get(
    "", response=IncomeListOut, summary="En borgers indkomster (de 50 nyeste og antallet)"
)
def list_incomes(request, citizen: uuid.UUID):
    person, _ = policy.access_citizen(request.user, citizen, what="Indkomst (API)")
    if not policy.may_work_with_citizens(request.user):
        raise PermissionDenied
    incomes, total = selectors.income_history(person)
    return {"count": total, "items": [income_out(i, person) for i in incomes]}


@income_router.post("", response={201: IncomeOut}, summary="Registrér en indkomst")
def record_income(request, payload: IncomeIn):
    person = _editable_citizen(request, payload.citizen, "Indkomst (API)")
    income = services.do_record_income(
        user=request.user,
        citizen=person,
        source=payload.source,
        monthly_amount=payload.monthly_amount,
        valid_from=payload.valid_from,
        valid_to=payload.valid_to,
        note=payload.note,
    )
    return 201, income_out(income, person)


@income_router.post("/{uuid:income_id}/end", response=IncomeOut, summary="Afslut en indkomst")
def end_income(request, income_id: uuid.UUID, payload: IncomeEndIn):
    income, _ = policy.access_object(
        request.user,
        Income.objects.select_related("citizen"),
        income_id,
        what="Afslut indkomst (API)",
    )
    if not policy.may_edit_citizen(request.user, income.citizen):
        raise PermissionDenied
    income = services.do_end_income(user=request.user, income=income, valid_to=payload.valid_to)
    return income_out(income, income.citizen)
