"""Changes to citizens, relatives and consents. Each writes its audit row in the same transaction."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hjemvej.access import policy
from hjemvej.accounts.models import User
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.people import cpr as cprlib
from hjemvej.people import cprregister
from hjemvej.people.models import Citizen, Consent, Relationship, Relative

CITIZEN_FIELDS = [
    "first_name",
    "last_name",
    "gender",
    "phone",
    "email",
    "address",
    "postal_code",
    "city",
    "protected_address",
    "digital_post_exempt",
    "acting_municipality",
]


# The answer when a CPR number cannot be created. It names nobody and no municipality: the
# lawful ways in are an access request to the acting municipality or break-the-glass, both with
# a reason (docs/architecture.md, "Opslag på CPR-nummer").
CPR_NOT_CREATABLE = (
    "Borgeren kan ikke oprettes her. Har du brug for borgerens sag, så anmod handlekommunen om "
    "adgang eller brug nødadgang – begge dele kræver en begrundelse og bliver logget."
)


def log_cpr_lookup(*, number: str, citizen: Citizen | None, outcome: str, purpose: str) -> None:
    """Every look-up or creation by CPR number is logged, found or not, with the number masked
    to the birth date (as the search log does). A hit is logged on the citizen it found, so the
    citizen and the acting municipality see who looked."""
    criterion = f"CPR {cprlib.mask(number)}"
    log_event(
        action=Action.SEARCH,
        summary=f"Opslag på {criterion}: {outcome}",
        citizen=citizen,
        detail={"criterion": criterion, "hits": 0 if citizen is None else 1, "outcome": outcome},
        purpose=purpose,
    )


CPR_LOOKUP_PURPOSE = "Opslag i CPR-registret ved oprettelse af borger"


@dataclass(frozen=True)
class CprLookup:
    """What a CPR look-up may show this user: the address is left out (None) when it is
    protected and the user is not a caseworker of the acting municipality."""

    cpr: str
    first_name: str
    last_name: str
    address: str | None
    postal_code: str | None
    city: str | None
    protected_address: bool

    @property
    def address_hidden(self) -> bool:
        return self.address is None


def look_up_cpr(
    *, user: User, cpr: str, acting_municipality=None, purpose: str = CPR_LOOKUP_PURPOSE
) -> CprLookup:
    """Name, address and name-and-address protection from the CPR register, for the create
    form and the API. A number Hjemvej already knows is answered exactly as creating it would
    be (CPR_NOT_CREATABLE, no register call), so the look-up tells nobody more than the create
    form does (docs/architecture.md, "Opslag på CPR-nummer"). Every look-up is logged, found or
    not, with the number masked."""
    policy.require(policy.may_look_up_cpr(user), "Du kan ikke slå borgere op i CPR-registret.")
    try:
        number = cprlib.clean_cpr(cpr)
    except ValidationError as exc:
        raise ValidationError({"cpr": exc.messages}) from None
    existing = Citizen.objects.filter(cpr=number).first()
    if existing is not None:
        log_cpr_lookup(
            number=number, citizen=existing, outcome="kendt – ikke slået op i CPR", purpose=purpose
        )
        raise ValidationError({"cpr": ValidationError(CPR_NOT_CREATABLE, code="cpr_known")})
    try:
        person = cprregister.cpr_backend().lookup(number)
    except cprregister.CprServiceError as exc:
        # The service's own text may quote the number, so it is not logged.
        log_cpr_lookup(
            number=number,
            citizen=None,
            outcome=f"CPR-registret svarede ikke ({type(exc).__name__})",
            purpose=purpose,
        )
        raise ValidationError(
            {"cpr": ValidationError(CPR_UNAVAILABLE, code="cpr_unavailable")}
        ) from None
    if person is None:
        log_cpr_lookup(
            number=number, citizen=None, outcome="ikke fundet i CPR-registret", purpose=purpose
        )
        raise ValidationError({"cpr": ValidationError(CPR_NOT_FOUND, code="cpr_not_found")})
    municipality_id = getattr(acting_municipality, "pk", acting_municipality)
    show = not person.protected_address or policy.may_see_protected_address_in(
        user, municipality_id
    )
    outcome = "fundet i CPR-registret"
    if person.protected_address:
        outcome += ", navne- og adressebeskyttet" + ("" if show else " – adressen ikke vist")
    log_cpr_lookup(number=number, citizen=None, outcome=outcome, purpose=purpose)
    return CprLookup(
        cpr=number,
        first_name=person.first_name,
        last_name=person.last_name,
        address=person.address if show else None,
        postal_code=person.postal_code if show else None,
        city=person.city if show else None,
        protected_address=person.protected_address,
    )


CPR_NOT_FOUND = "CPR-registret kender ikke nummeret. Tjek cifrene, eller skriv oplysningerne selv."
CPR_UNAVAILABLE = (
    "CPR-registret kunne ikke svare lige nu. Prøv igen om lidt, eller skriv oplysningerne selv."
)


def check_postal_code(postal_code: str) -> None:
    if postal_code and (not postal_code.isdigit() or len(postal_code) != 4):
        raise ValidationError({"postal_code": "Et postnummer har 4 cifre."})


def do_create_citizen(
    *,
    user: User,
    cpr: str,
    first_name: str,
    last_name: str,
    acting_municipality,
    gender: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    postal_code: str = "",
    city: str = "",
    protected_address: bool = False,
    digital_post_exempt: bool = False,
    purpose: str = "Oprettelse af borger",
) -> Citizen:
    policy.check_may_create_citizen(user, acting_municipality)
    try:
        number = cprlib.clean_cpr(cpr)
    except ValidationError as exc:
        raise ValidationError({"cpr": exc.messages}) from None
    if not first_name.strip():
        raise ValidationError({"first_name": "Skriv borgerens fornavn."})
    if not last_name.strip():
        raise ValidationError({"last_name": "Skriv borgerens efternavn."})
    check_postal_code(postal_code)
    existing = Citizen.objects.filter(cpr=number).first()
    if existing is not None:
        # Logged outside the creation's transaction, so the refused attempt stays in the log.
        log_cpr_lookup(
            number=number, citizen=existing, outcome="kendt – ikke oprettet", purpose=purpose
        )
        raise ValidationError({"cpr": ValidationError(CPR_NOT_CREATABLE, code="cpr_known")})
    with transaction.atomic():
        citizen = Citizen(
            cpr=number,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            birth_date=cprlib.birth_date(number),
            gender=gender or cprlib.legal_gender(number),
            phone=phone.strip(),
            email=email.strip(),
            address=address.strip(),
            postal_code=postal_code.strip(),
            city=city.strip(),
            protected_address=protected_address,
            digital_post_exempt=digital_post_exempt,
            acting_municipality=acting_municipality,
        )
        citizen.full_clean()
        try:
            with transaction.atomic():
                citizen.save()
        except IntegrityError:
            raise ValidationError(
                {"cpr": ValidationError(CPR_NOT_CREATABLE, code="cpr_known")}
            ) from None
        log_event(
            action=Action.CREATE,
            summary="Borger oprettet",
            citizen=citizen,
            obj=citizen,
            purpose=purpose,
        )
    return citizen


def do_update_citizen(
    *,
    user: User,
    citizen: Citizen,
    version: int | None,
    changes: dict,
    purpose: str = "Rettelse af borgerens oplysninger",
) -> Citizen:
    """Change some of a citizen's fields. `version` is the version the user started from: if
    somebody else saved in between, nothing is saved and the user is told."""
    policy.check_may_edit_citizen(user, citizen)
    unknown = set(changes) - set(CITIZEN_FIELDS)
    if unknown:
        raise ValidationError({f: "Feltet kan ikke ændres." for f in unknown})
    if "first_name" in changes and not str(changes["first_name"]).strip():
        raise ValidationError({"first_name": "Skriv borgerens fornavn."})
    if "last_name" in changes and not str(changes["last_name"]).strip():
        raise ValidationError({"last_name": "Skriv borgerens efternavn."})
    if "postal_code" in changes:
        check_postal_code(changes["postal_code"])
    with transaction.atomic():
        current = Citizen.objects.select_for_update().get(pk=citizen.pk)
        if version is not None and current.version != version:
            raise ValidationError(
                "En anden har gemt ændringer til borgeren, mens du redigerede. "
                "Genindlæs siden og prøv igen – dine ændringer er ikke gemt."
            )
        changed = [f for f, v in changes.items() if getattr(current, f) != v]
        for f in changed:
            setattr(current, f, changes[f])
        if not changed:
            return current
        current.full_clean()
        current.version += 1
        current.save(update_fields=[*changed, "version", "updated_at"])
        log_event(
            action=Action.CHANGE,
            summary="Borgerens oplysninger ændret",
            citizen=current,
            obj=current,
            purpose=purpose,
            detail={"fields": sorted(changed)},
        )
    return current


def do_add_relative(
    *,
    user: User,
    citizen: Citizen,
    name: str,
    role: str,
    phone: str = "",
    email: str = "",
    note: str = "",
    is_next_of_kin: bool = False,
) -> Relative:
    policy.check_may_edit_citizen(user, citizen)
    if not name.strip():
        raise ValidationError({"name": "Skriv personens navn."})
    relative = Relative(
        citizen=citizen,
        name=name.strip(),
        role=role,
        phone=phone,
        email=email,
        note=note,
        is_next_of_kin=is_next_of_kin,
    )
    relative.full_clean()
    with transaction.atomic():
        relative.save()
        log_event(
            action=Action.CREATE,
            summary=f"Pårørende/netværksperson tilføjet ({relative.get_role_display()})",
            citizen=citizen,
            obj=relative,
            purpose="Registrering af netværk",
        )
    return relative


def do_remove_relative(*, user: User, relative: Relative) -> None:
    policy.check_may_edit_citizen(user, relative.citizen)
    with transaction.atomic():
        log_event(
            action=Action.DELETE,
            summary="Pårørende/netværksperson fjernet",
            citizen=relative.citizen,
            obj=relative,
            purpose="Registrering af netværk",
        )
        relative.delete()


def do_record_consent(
    *,
    user: User,
    citizen: Citizen,
    direction: str,
    information: str,
    party: str,
    purpose: str,
    valid_from: datetime.date,
    valid_until: datetime.date,
) -> Consent:
    policy.check_may_edit_citizen(user, citizen)
    errors = {}
    if not information.strip():
        errors["information"] = (
            "Skriv præcist hvilke oplysninger samtykket gælder – et generelt samtykke er ikke nok."
        )
    if not party.strip():
        errors["party"] = "Skriv hvem oplysningerne indhentes fra eller videregives til."
    if not purpose.strip():
        errors["purpose"] = "Skriv hvilken sag eller hvilket formål samtykket gælder."
    if valid_from and valid_until and valid_until < valid_from:
        errors["valid_until"] = "Slutdatoen skal ligge efter startdatoen."
    if errors:
        raise ValidationError(errors)
    consent = Consent(
        citizen=citizen,
        direction=direction,
        information=information.strip(),
        party=party.strip(),
        purpose=purpose.strip(),
        valid_from=valid_from,
        valid_until=valid_until,
        recorded_by=user,
    )
    consent.full_clean()
    with transaction.atomic():
        consent.save()
        log_event(
            action=Action.CREATE,
            summary="Samtykke registreret",
            citizen=citizen,
            obj=consent,
            purpose="Registrering af samtykke",
        )
    return consent


def do_withdraw_consent(
    *, user: User | None, consent: Consent, by_citizen: bool = False
) -> Consent:
    if user is not None:  # None: the citizen withdraws it on their own pages
        policy.check_may_edit_citizen(user, consent.citizen)
    elif not by_citizen:
        raise PermissionDenied(
            "Kun borgeren selv eller en medarbejder kan trække et samtykke tilbage."
        )
    with transaction.atomic():
        updated = Consent.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now(), withdrawn_by_citizen=by_citizen
        )
        consent.refresh_from_db()
        if updated:
            log_event(
                action=Action.CHANGE,
                summary="Samtykke trukket tilbage",
                citizen=consent.citizen,
                obj=consent,
                purpose="Borgerens tilbagetrækning af samtykke",
            )
    return consent


def do_open_relationship(
    *, citizen: Citizen, unit, kind: str, started_on: datetime.date, source: str = ""
) -> Relationship:
    """Called by referrals, stays and courses: ties the citizen to a unit (need-to-know)."""
    relationship = Relationship.objects.create(
        citizen=citizen, unit=unit, kind=kind, started_on=started_on, source=source
    )
    policy.forget_grants(citizen)
    return relationship


def do_close_relationship(*, relationship: Relationship, ended_on: datetime.date) -> None:
    Relationship.objects.filter(pk=relationship.pk).update(ended_on=ended_on)
    if Relationship.citizen.is_cached(relationship):
        policy.forget_grants(relationship.citizen)
