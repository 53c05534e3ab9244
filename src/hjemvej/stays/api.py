"""Stays in the API: admit and discharge, through the access policy and the audit log."""

import datetime
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema

from hjemvej.access import policy
from hjemvej.common.params import check_query_params
from hjemvej.economics.selectors import daily_rates
from hjemvej.offers.api import Facts, facts_dict, local_offer_for, offer_for
from hjemvej.offers.models import Referral
from hjemvej.people import cpr as cprlib
from hjemvej.people.models import Citizen
from hjemvej.people.services import log_cpr_lookup
from hjemvej.stays import rules, selectors, services
from hjemvej.stays.models import Placement, Stay

router = Router()


class AdmitIn(Schema):
    offer: uuid.UUID
    citizen: uuid.UUID | None = None
    cpr: str | None = None
    room: str | None = None
    referral: uuid.UUID | None = None
    facts: Facts = Facts()
    started_on: datetime.date | None = None
    planned_end_on: datetime.date | None = None
    out_of_turn_reason: str = ""
    stay_type: str = Field("", description="DST-kode: opholdstype (kodelisten stay_type)")
    stayed_before: str = Field("", description="DST-kode: opholdssted før (stayed_before)")
    treatment_form: str = Field(
        "", description="DST-kode: behandlingsform ved §101-behandling (treatment_form)"
    )


class StayOut(Schema):
    id: uuid.UUID
    offer: uuid.UUID
    citizen: uuid.UUID
    room: str | None
    started_on: datetime.date
    planned_end_on: datetime.date | None
    ended_on: datetime.date | None
    destination: str
    count_category: str | None
    stay_type: str
    stayed_before: str
    treatment_form: str
    ended_how: str
    flags: list[str]
    notice_received_on: datetime.date | None = None
    price_per_night: Decimal | None = None
    own_payment_per_night: Decimal = Decimal(0)


class AdmissionOut(Schema):
    outcome: str
    message: str
    referral: uuid.UUID
    waiting_position: int | None = None
    reasons: list[str] = []
    stay: StayOut | None = None


class DischargeIn(Schema):
    ended_on: datetime.date
    destination: str
    reason: str = ""
    ended_how: str = Field(
        "",
        description="DST-kode: ophørsårsag (kodelisten ended_how; ved §101-behandling "
        "treatment_ended_how, ved §§82a–107 offer_ended_how)",
    )


def stay_out(stay: Stay) -> dict:
    return {
        "id": stay.uuid,
        "offer": stay.offer.uuid,
        "citizen": stay.citizen.uuid,
        "room": stay.room.name if stay.room else None,
        "started_on": stay.started_on,
        "planned_end_on": stay.planned_end_on,
        "ended_on": stay.ended_on,
        "destination": stay.destination,
        "count_category": rules.count_category(stay.destination) if stay.destination else None,
        "stay_type": stay.stay_type,
        "stayed_before": stay.stayed_before,
        "treatment_form": stay.treatment_form,
        "ended_how": stay.ended_how,
        "flags": [f.text for f in stay.flags.all()],
        "notice_received_on": stay.notice_received_on,
        "price_per_night": stay.price_per_night,
        "own_payment_per_night": stay.own_payment_per_night,
    }


class ExternalStayIn(Schema):
    offer: uuid.UUID = Field(description="Et købt tilbud i borgerens handlekommune")
    citizen: uuid.UUID
    notice_received_on: datetime.date = Field(description="Underretning efter §110, stk. 6")
    started_on: datetime.date
    decided_on: datetime.date | None = None
    price_per_night: Decimal | None = Field(None, description="Tomt: tilbuddets aftalte pris")
    own_payment_per_night: Decimal = Decimal(0)


class AgreedPriceIn(Schema):
    price_per_night: Decimal
    own_payment_per_night: Decimal


@router.post(
    "/external",
    response={201: StayOut},
    summary="Registrér et ophold på et købt tilbud ud fra tilbuddets underretning",
)
def register_external_stay(request, payload: ExternalStayIn):
    offer = offer_for(request.user, payload.offer)
    citizen, _ = policy.access_citizen(
        request.user, payload.citizen, what="Ophold på købt tilbud (API)"
    )
    stay = services.do_register_external_stay(
        user=request.user,
        offer=offer,
        citizen=citizen,
        notice_received_on=payload.notice_received_on,
        started_on=payload.started_on,
        decided_on=payload.decided_on,
        price_per_night=payload.price_per_night,
        own_payment_per_night=payload.own_payment_per_night,
    )
    return 201, stay_out(stay)


@router.post(
    "",
    response={201: AdmissionOut, 202: AdmissionOut, 409: AdmissionOut},
    summary="Optag en borger (201), sæt på venteliste (202) eller afvis efter kriterierne (409)",
)
def admit(request, payload: AdmitIn):
    offer = offer_for(request.user, payload.offer)
    policy.require(policy.may_admit(request.user, offer), "Du arbejder ikke på tilbuddet.")
    if payload.cpr:
        citizen = _arriving_citizen(request, offer, payload.cpr)
    elif payload.citizen:
        citizen, _ = policy.access_citizen(
            request.user, payload.citizen, what="Optagelse (API)", section=policy.SECTION_REFERRAL
        )
    else:
        raise ValidationError({"citizen": "Angiv borgeren (id) eller CPR-nummeret ved ankomst."})
    room = None
    if payload.room:
        room = offer.rooms.filter(name=payload.room).first()
        if room is None:
            raise ValidationError({"room": "Tilbuddet har ikke et værelse med det navn."})
    referral = None
    if payload.referral:
        referral = get_object_or_404(Referral, uuid=payload.referral, citizen=citizen, offer=offer)
    result = services.do_admit(
        user=request.user,
        offer=offer,
        citizen=citizen,
        room=room,
        referral=referral,
        facts=facts_dict(payload.facts),
        started_on=payload.started_on,
        planned_end_on=payload.planned_end_on,
        out_of_turn_reason=payload.out_of_turn_reason,
        stay_type=payload.stay_type,
        stayed_before=payload.stayed_before,
        treatment_form=payload.treatment_form,
    )
    body = {
        "message": result.message,
        "referral": result.referral.uuid,
        "waiting_position": result.waiting_position,
        "reasons": list(result.refused_reasons),
        "stay": stay_out(result.stay) if result.stay else None,
    }
    if result.admitted:
        return 201, {"outcome": "admitted", **body}
    if result.waiting:
        return 202, {"outcome": "waiting", **body}
    return 409, {"outcome": "refused", **body}


def _arriving_citizen(request, offer, cpr: str) -> Citizen:
    """§110 stk. 3: a citizen arrives at the shelter on their own; the shelter finds them by CPR
    (the look-up is logged). Other offers admit only citizens the user may already see."""
    if not offer.is_shelter:
        raise ValidationError({"cpr": "Kun et §110-herberg kan optage på egen henvendelse."})
    try:
        number = cprlib.clean_cpr(cpr)
    except ValidationError as exc:
        raise ValidationError({"cpr": exc.messages}) from None
    citizen = Citizen.objects.filter(cpr=number).first()
    log_cpr_lookup(
        number=number,
        citizen=citizen,
        outcome="ankomst på herberg (API)" if citizen else "ikke fundet",
        purpose="Ankomst på herberg (§110, stk. 3)",
    )
    if citizen is None:
        raise Http404
    return citizen


def _stay(request, stay_id, what) -> Stay:
    stay, _ = policy.access_object(
        request.user,
        Stay.objects.select_related("offer__unit", "citizen", "room"),
        stay_id,
        what=what,
    )
    return stay


@router.get("/{uuid:stay_id}", response=StayOut, summary="Ét ophold")
def get_stay(request, stay_id: uuid.UUID):
    return stay_out(_stay(request, stay_id, "Ophold (API)"))


@router.post("/{uuid:stay_id}/discharge", response=StayOut, summary="Udskriv en borger")
def discharge(request, stay_id: uuid.UUID, payload: DischargeIn):
    stay = _stay(request, stay_id, "Udskrivning (API)")
    stay = services.do_discharge(
        user=request.user,
        stay=stay,
        ended_on=payload.ended_on,
        destination=payload.destination,
        reason=payload.reason,
        ended_how=payload.ended_how,
    )
    return stay_out(stay)


@router.post(
    "/{uuid:stay_id}/agreed-price",
    response=StayOut,
    summary="Ret den aftalte pris og egenbetalingen for et ophold på et købt tilbud",
)
def set_agreed_price(request, stay_id: uuid.UUID, payload: AgreedPriceIn):
    stay = _stay(request, stay_id, "Aftalt pris (API)")
    stay = services.do_set_agreed_price(
        user=request.user,
        stay=stay,
        price_per_night=payload.price_per_night,
        own_payment_per_night=payload.own_payment_per_night,
    )
    return stay_out(stay)


class YouthAlternativeIn(Schema):
    alternative: str
    answer: str
    offered_on: datetime.date
    description: str = ""


class YouthAlternativeOut(Schema):
    stay: uuid.UUID
    alternative: str
    alternative_label: str
    description: str
    offered_on: datetime.date
    answer: str
    task_done_on: datetime.date | None


@router.post(
    "/{uuid:stay_id}/youth-alternative",
    response={201: YouthAlternativeOut},
    summary="Registrér alternativet til herberget for en borger under 25 år og borgerens svar",
)
def record_youth_alternative(request, stay_id: uuid.UUID, payload: YouthAlternativeIn):
    stay = _stay(request, stay_id, "Alternativ til herberget (API)")
    record = services.do_record_youth_alternative(
        user=request.user,
        stay=stay,
        alternative=payload.alternative,
        answer=payload.answer,
        offered_on=payload.offered_on,
        description=payload.description,
    )
    task = stay.tasks.get(kind="youth_alternative")
    return 201, {
        "stay": stay.uuid,
        "alternative": record.alternative,
        "alternative_label": record.get_alternative_display(),
        "description": record.description,
        "offered_on": record.offered_on,
        "answer": record.answer,
        "task_done_on": task.done_on,
    }


# ---------------------------------------------------------------- placements and bringing home
placements_router = Router()


class PlacementIn(Schema):
    citizen: uuid.UUID
    offer: uuid.UUID
    started_on: datetime.date | None = Field(
        None, description="Tom: starten af borgerens åbne ophold på tilbuddet"
    )
    cost_per_month: Decimal | None = Field(
        None,
        description=(
            "Tom: opholdets aftalte pris pr. døgn × 365/12, ellers tilbuddets aftalte pris pr. "
            "måned, ellers pris pr. døgn × 365/12"
        ),
    )
    local_offer: uuid.UUID | None = None
    responsible: str | None = Field(None, description="Den ansvarlige sagsbehandlers brugernavn")
    plan_status: str = ""
    target_date: datetime.date | None = None
    plan_steps: str = ""
    not_possible_reason: str = ""


class PlacementPatch(Schema):
    version: int = Field(..., description="Den version, ændringen bygger på (fra GET)")
    started_on: datetime.date | None = None
    cost_per_month: Decimal | None = None
    local_offer: uuid.UUID | None = None
    responsible: str | None = None
    plan_status: str | None = None
    target_date: datetime.date | None = None
    plan_steps: str | None = None
    not_possible_reason: str | None = None
    ended_on: datetime.date | None = None


class PlacementOut(Schema):
    id: uuid.UUID
    citizen: uuid.UUID
    offer: uuid.UUID
    offer_name: str
    provider: str
    started_on: datetime.date
    ended_on: datetime.date | None
    stay: uuid.UUID | None = Field(None, description="Borgerens ophold på tilbuddet")
    cost_per_month: Decimal
    cost_per_year: Decimal
    local_offer: uuid.UUID | None
    local_rate_per_night: Decimal | None
    saving_per_month: Decimal | None
    saving_per_year: Decimal | None
    responsible: str | None
    plan_status: str
    plan_status_label: str
    target_date: datetime.date | None
    target_date_passed: bool
    plan_steps: str
    not_possible_reason: str
    version: int


class BringHomeOut(Schema):
    municipality: int
    citizens: int
    placements: int
    cost_per_month: Decimal
    cost_per_year: Decimal
    saving_per_month: Decimal
    saving_per_year: Decimal
    unpriced: int
    target_date_passed: int
    without_plan: int
    page: int
    pages: int
    results: list[PlacementOut]


def placement_out(row: selectors.PlacementRow) -> dict:
    p, m = row.placement, row.money
    return {
        "id": p.uuid,
        "citizen": p.citizen.uuid,
        "offer": p.offer.uuid,
        "offer_name": p.offer.name,
        "provider": p.offer.provider,
        "started_on": p.started_on,
        "ended_on": p.ended_on,
        "stay": p.stay.uuid if p.stay else None,
        "cost_per_month": m.cost_per_month,
        "cost_per_year": m.cost_per_year,
        "local_offer": p.local_offer.uuid if p.local_offer else None,
        "local_rate_per_night": m.local_rate.rate if m.local_rate else None,
        "saving_per_month": m.saving_per_month,
        "saving_per_year": m.saving_per_year,
        "responsible": p.responsible.username if p.responsible else None,
        "plan_status": p.plan_status,
        "plan_status_label": p.get_plan_status_display(),
        "target_date": p.target_date,
        "target_date_passed": row.overdue,
        "plan_steps": p.plan_steps,
        "not_possible_reason": p.not_possible_reason,
        "version": p.version,
    }


def _one_row(placement: Placement) -> dict:
    today = timezone.localdate()
    unit_ids = [placement.local_offer.unit_id] if placement.local_offer else []
    return placement_out(selectors.placement_rows([placement], daily_rates(unit_ids), today)[0])


def _responsible(citizen: Citizen, username: str | None):
    if not username:
        return None
    user = (
        policy.placement_caseworkers(citizen.acting_municipality_id)
        .filter(username=username)
        .first()
    )
    if user is None:
        raise ValidationError({"responsible": "Vælg en af kommunens sagsbehandlere."})
    return user


def _placement(request, placement_id, what: str) -> Placement:
    placement, _ = policy.access_object(
        request.user,
        Placement.objects.select_related(
            "citizen", "offer__unit", "local_offer__unit", "responsible", "stay"
        ),
        placement_id,
        what=what,
    )
    return placement


@placements_router.get(
    "", response=BringHomeOut, summary="Hjemtagningsrapport: kommunens borgere i købte tilbud"
)
def bring_home_report(request, municipality: int | None = None, page: int = 1):
    from django.core.paginator import Paginator

    from hjemvej.accounts.models import Municipality
    from hjemvej.audit.models import Action
    from hjemvej.audit.services import log_event

    check_query_params(request, "municipality", "page")
    ids = policy.placement_municipality_ids(request.user)
    chosen = (
        Municipality.objects.filter(pk__in=ids, **({"code": municipality} if municipality else {}))
        .order_by("name")
        .first()
    )
    if chosen is None or not policy.may_work_with_citizens(request.user):
        raise Http404
    today = timezone.localdate()
    totals, placements, rates = selectors.bring_home_report(request.user, chosen.pk, today)
    p = Paginator(placements, 50).get_page(page)
    rows = selectors.placement_rows(p.object_list, rates, today)
    log_event(
        action=Action.SEARCH,
        summary=f"Hjemtagningsrapport: {chosen.name} (API)",
        detail={"municipality": chosen.code, "page": p.number, "citizens": len(rows)},
        purpose="Anbringelse i købt tilbud og hjemtagning",
    )
    return {
        "municipality": chosen.code,
        "citizens": totals.citizens,
        "placements": totals.placements,
        "cost_per_month": totals.cost_per_month,
        "cost_per_year": totals.cost_per_year,
        "saving_per_month": totals.saving_per_month,
        "saving_per_year": totals.saving_per_year,
        "unpriced": totals.unpriced,
        "target_date_passed": totals.overdue,
        "without_plan": totals.without_plan,
        "page": p.number,
        "pages": p.paginator.num_pages,
        "results": [placement_out(r) for r in rows],
    }


@placements_router.post(
    "", response={201: PlacementOut}, summary="Registrér en anbringelse i et købt tilbud"
)
def create_placement(request, payload: PlacementIn):
    citizen, _ = policy.access_citizen(
        request.user, payload.citizen, what="Anbringelse i købt tilbud (API)"
    )
    offer = offer_for(request.user, payload.offer)
    placement = services.do_create_placement(
        user=request.user,
        citizen=citizen,
        offer=offer,
        started_on=payload.started_on,
        cost_per_month=payload.cost_per_month,
        local_offer=local_offer_for(citizen, payload.local_offer, "local_offer"),
        responsible=_responsible(citizen, payload.responsible),
        plan_status=payload.plan_status,
        target_date=payload.target_date,
        plan_steps=payload.plan_steps,
        not_possible_reason=payload.not_possible_reason,
    )
    return 201, _one_row(placement)


@placements_router.get("/{uuid:placement_id}", response=PlacementOut, summary="Én anbringelse")
def get_placement(request, placement_id: uuid.UUID):
    placement = _placement(request, placement_id, "Anbringelse i købt tilbud (API)")
    if placement.municipality_id not in policy.placement_municipality_ids(request.user):
        raise Http404
    return _one_row(placement)


@placements_router.patch(
    "/{uuid:placement_id}",
    response=PlacementOut,
    summary="Ret en anbringelse og dens hjemtagningsplan",
)
def update_placement(request, placement_id: uuid.UUID, payload: PlacementPatch):
    placement = _placement(request, placement_id, "Anbringelse i købt tilbud: ændring (API)")
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    citizen = placement.citizen
    if "local_offer" in changes:
        changes["local_offer"] = local_offer_for(citizen, changes["local_offer"], "local_offer")
    if "responsible" in changes:
        changes["responsible"] = _responsible(citizen, changes["responsible"])
    for text in ("plan_status", "plan_steps", "not_possible_reason"):
        if text in changes and changes[text] is None:
            changes[text] = ""
    if changes.get("started_on", 1) is None or changes.get("cost_per_month", 1) is None:
        raise ValidationError(
            {
                f: "Feltet kan ikke være tomt."
                for f in ("started_on", "cost_per_month")
                if f in changes and changes[f] is None
            }
        )
    placement = services.do_update_placement(
        user=request.user, placement=placement, changes=changes, version=version
    )
    return _one_row(placement)
