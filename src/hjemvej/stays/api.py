"""Stays in the API: admit and discharge, through the access policy and the audit log."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from hjemvej.access import policy
from hjemvej.offers.api import Facts, facts_dict, offer_for
from hjemvej.offers.models import Referral
from hjemvej.people import cpr as cprlib
from hjemvej.people.models import Citizen
from hjemvej.people.services import log_cpr_lookup
from hjemvej.stays import rules, services
from hjemvej.stays.models import Stay

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
    }


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
