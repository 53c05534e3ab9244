"""Citizens in the API: the same access policy and audit log as the UI."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from ninja import Router, Schema
from ninja.responses import Status

from hjemvej.access import policy
from hjemvej.accounts.models import Municipality
from hjemvej.people import services
from hjemvej.people.models import Citizen
from hjemvej.people.selectors import search_citizens

router = Router()


class CitizenListItem(Schema):
    id: uuid.UUID
    name: str
    birth_date: datetime.date
    acting_municipality: int


class CitizenPage(Schema):
    count: int
    page: int
    pages: int
    results: list[CitizenListItem]


class CitizenOut(Schema):
    id: uuid.UUID
    cpr: str
    first_name: str
    last_name: str
    birth_date: datetime.date
    gender: str
    phone: str
    email: str
    address: str | None
    postal_code: str | None
    city: str | None
    protected_address: bool
    acting_municipality: int
    version: int


class CitizenIn(Schema):
    cpr: str
    first_name: str
    last_name: str
    acting_municipality: int
    gender: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postal_code: str = ""
    city: str = ""
    protected_address: bool = False


class CitizenPatch(Schema):
    version: int
    first_name: str | None = None
    last_name: str | None = None
    gender: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    postal_code: str | None = None
    city: str | None = None
    protected_address: bool | None = None
    acting_municipality: int | None = None


def _out(user, citizen: Citizen) -> dict:
    show = policy.may_see_protected_address(user, citizen)
    return {
        "id": citizen.uuid,
        "cpr": citizen.cpr,
        "first_name": citizen.first_name,
        "last_name": citizen.last_name,
        "birth_date": citizen.birth_date,
        "gender": citizen.gender,
        "phone": citizen.phone,
        "email": citizen.email,
        "address": citizen.address if show else None,
        "postal_code": citizen.postal_code if show else None,
        "city": citizen.city if show else None,
        "protected_address": citizen.protected_address,
        "acting_municipality": citizen.acting_municipality.code,
        "version": citizen.version,
    }


def _require_worker(user) -> None:
    if not policy.may_work_with_citizens(user):
        raise PermissionDenied


def _municipality(code: int, user, *, field: str = "acting_municipality") -> Municipality:
    from django.core.exceptions import ValidationError

    m = Municipality.objects.filter(code=code).first()
    if m is None:
        raise ValidationError({field: "Ukendt kommunekode."})
    return m


@router.get("", response=CitizenPage, summary="Søg borgere (navn eller CPR), sideopdelt")
def list_citizens(request, q: str = "", page: int = 1):
    _require_worker(request.user)
    found = search_citizens(user=request.user, query=q)
    paginator = Paginator(found.queryset, 50)
    p = paginator.get_page(page)
    found.log(user=request.user, shown=list(p.object_list), purpose="Søgning efter borger (API)")
    return {
        "count": paginator.count,
        "page": p.number,
        "pages": paginator.num_pages,
        "results": [
            {
                "id": c.uuid,
                "name": c.full_name,
                "birth_date": c.birth_date,
                "acting_municipality": c.acting_municipality.code,
            }
            for c in p.object_list
        ],
    }


@router.get("/{uuid:citizen_id}", response=CitizenOut, summary="Én borger")
def get_citizen(request, citizen_id: uuid.UUID):
    citizen, _ = policy.access_citizen(request.user, citizen_id, what="Borgerens oplysninger (API)")
    return _out(request.user, citizen)


@router.post("", response={201: CitizenOut}, summary="Opret borger")
def create_citizen(request, payload: CitizenIn):
    from django.core.exceptions import ValidationError

    if not policy.may_create_citizens(request.user):
        raise PermissionDenied
    data = payload.dict()
    municipality = _municipality(data.pop("acting_municipality"), request.user)
    if not policy.creatable_municipalities(request.user).filter(pk=municipality.pk).exists():
        raise ValidationError(
            {"acting_municipality": "Du kan kun oprette borgere i din egen kommune."}
        )
    citizen = services.do_create_citizen(
        user=request.user, acting_municipality=municipality, **data
    )
    return Status(201, _out(request.user, citizen))


@router.patch("/{uuid:citizen_id}", response=CitizenOut, summary="Ret borger")
def patch_citizen(request, citizen_id: uuid.UUID, payload: CitizenPatch):
    from django.core.exceptions import ValidationError

    citizen, _ = policy.access_citizen(
        request.user, citizen_id, what="Ret borgerens oplysninger (API)"
    )
    if not policy.may_edit_citizen(request.user, citizen):
        raise PermissionDenied
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version", None)
    if "acting_municipality" in changes:
        changes["acting_municipality"] = _municipality(changes["acting_municipality"], request.user)
    if not policy.may_see_protected_address(request.user, citizen) and {
        "address",
        "postal_code",
        "city",
    } & set(changes):
        raise ValidationError({"address": "Adressen er beskyttet og kan ikke ændres af dig."})
    citizen = services.do_update_citizen(
        user=request.user, citizen=citizen, version=version, changes=changes
    )
    return _out(request.user, citizen)


class CprLookupIn(Schema):
    cpr: str
    acting_municipality: int | None = None


class CprLookupOut(Schema):
    cpr: str
    first_name: str
    last_name: str
    address: str | None
    postal_code: str | None
    city: str | None
    protected_address: bool


@router.post(
    "/cpr-lookup",
    response=CprLookupOut,
    summary="Slå et CPR-nummer op i CPR-registret (navn, adresse, beskyttelse) før oprettelse",
)
def cpr_lookup(request, payload: CprLookupIn):
    """A number Hjemvej already knows gets the same 422 as creating it; a protected address is
    null unless the user is a caseworker of `acting_municipality`. Every look-up is logged."""
    municipality = (
        _municipality(payload.acting_municipality, request.user)
        if payload.acting_municipality is not None
        else None
    )
    found = services.look_up_cpr(
        user=request.user, cpr=payload.cpr, acting_municipality=municipality
    )
    return {
        "cpr": found.cpr,
        "first_name": found.first_name,
        "last_name": found.last_name,
        "address": found.address,
        "postal_code": found.postal_code,
        "city": found.city,
        "protected_address": found.protected_address,
    }
