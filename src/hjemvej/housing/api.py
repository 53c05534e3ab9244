"""Housing applications in the API."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema

from hjemvej.access import policy
from hjemvej.housing import services
from hjemvej.housing.models import HousingApplication

router = Router()


class ApplicationIn(Schema):
    citizen: uuid.UUID
    channel: str
    applied_on: datetime.date
    landlord: str = ""
    note: str = ""


class HousingOfferOut(Schema):
    offered_on: datetime.date
    address: str
    answer: str
    reason: str


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


def application_out(a: HousingApplication, citizen) -> dict:
    return {
        "id": a.uuid,
        "citizen": citizen.uuid,
        "channel": a.channel,
        "channel_label": a.get_channel_display(),
        "landlord": a.landlord,
        "applied_on": a.applied_on,
        "status": a.status,
        "move_in_on": a.move_in_on,
        "offers": [
            {
                "offered_on": o.offered_on,
                "address": o.address,
                "answer": o.answer,
                "reason": o.reason,
            }
            for o in a.offers.all()
        ],
    }


@router.get("", response=list[ApplicationOut], summary="En borgers boligansøgninger")
def list_applications(request, citizen: uuid.UUID):
    person, _ = policy.access_citizen(request.user, citizen, what="Boligansøgninger (API)")
    apps = HousingApplication.objects.filter(citizen=person).prefetch_related("offers")
    return [application_out(a, person) for a in apps]


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
