"""Admission, discharge and the law's duties. Every write logs its audit row in the same
transaction.

Two people may admit at the same moment. On PostgreSQL the offer's row is locked for the
admission (select_for_update) and exclusion constraints catch anything that slips past; on
SQLite every transaction is IMMEDIATE, so the check-then-insert below is already serialised.
Either way a lost race becomes a Danish message, never a double booking."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from hjemvej.access import policy
from hjemvej.accounts.models import User
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.common import dates
from hjemvej.courses.services import do_register_move_to_own_home, do_register_shelter_admission
from hjemvej.deadlines.models import Task
from hjemvej.economics.pricing import monthly_price, nightly_price
from hjemvej.offers import eligibility
from hjemvej.offers import selectors as offer_selectors
from hjemvej.offers.models import OPEN_STATUSES, Offer, Referral, ReferralStatus, Room
from hjemvej.offers.services import (
    check_facts,
    check_local_offer,
    do_refer,
    do_set_referral_status,
    evaluate_citizen,
    relationship_kind,
)
from hjemvej.people.models import Citizen
from hjemvej.people.services import do_close_relationship, do_open_relationship
from hjemvej.stays import dst, rules
from hjemvej.stays.models import (
    OPEN_PLAN_STATUSES,
    Flag,
    Placement,
    PlanStatus,
    Stay,
    YouthAlternative,
)

NOT_STAFF = "Kun tilbuddets medarbejdere og leder kan optage og udskrive borgere (§110, stk. 4)."


def youth_age(citizen: Citizen) -> int:
    """The age under which a shelter stay is flagged and an alternative is offered: the acting
    municipality's setting (25 unless it says otherwise). Never an admission criterion."""
    return citizen.acting_municipality.youth_age


def youth_rule(age: int, *, policy_of: str = "") -> str:
    rule = (
        f"Borgeren er under {age} år. Kommunen skal tilbyde et alternativ til herberget, fx en "
        f"ungebolig (fristen er {rules.YOUTH_ALTERNATIVE_DAYS} dage)."
    )
    if policy_of:
        rule = (
            f"{policy_of} Kommunes politik: som hovedregel bor ingen borger under {age} år på et "
            f"herberg (§110). " + rule
        )
    return rule


OWN_HOME_RULE = "En borger, der har sin egen bolig, skal ikke være i et §110-tilbud."


@dataclass(frozen=True)
class Admission:
    """What came of an attempt to admit: a stay, a place on the waiting list, or a refusal."""

    referral: Referral
    stay: Stay | None = None
    waiting_position: int | None = None
    refused_reasons: tuple[str, ...] = ()
    message: str = ""

    @property
    def admitted(self) -> bool:
        return self.stay is not None

    @property
    def waiting(self) -> bool:
        return self.waiting_position is not None

    @property
    def refused(self) -> bool:
        return bool(self.refused_reasons)


ROOM_TAKEN = (
    "{room} er optaget af en anden borger. Vælg et ledigt værelse, eller sæt borgeren på "
    "ventelisten."
)
ALREADY_STAYING = (
    "{name} har allerede et ophold på {offer} siden {since}. Udskriv borgeren dér, før "
    "borgeren kan optages her."
)


def _lock_offer(offer: Offer) -> None:
    # Serialise admissions to one offer (PostgreSQL; SQLite's IMMEDIATE transactions already do).
    Offer.objects.select_for_update().filter(pk=offer.pk).first()


def free_rooms(offer: Offer, on: datetime.date) -> list[Room]:
    # A new stay is open-ended, so a room is busy if any stay in it goes on after `on`.
    busy = Stay.objects.filter(room__offer=offer).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=on)
    )
    return list(offer.rooms.exclude(pk__in=busy.values("room_id")))


def _has_room_for(offer: Offer, on: datetime.date) -> bool:
    if offer.rooms.exists():
        return bool(free_rooms(offer, on))
    if offer.places is None:
        return True
    return Stay.objects.filter(offer=offer, ended_on__isnull=True).count() < offer.places


def waiting_position(referral: Referral) -> int:
    return Referral.objects.filter(
        offer=referral.offer,
        status=ReferralStatus.WAITING,
        waiting_since__lte=referral.waiting_since,
    ).count()


def _check_citizen_free(citizen: Citizen, offer: Offer, on: datetime.date) -> None:
    if not offer.residential:
        return
    other = (
        Stay.objects.filter(citizen=citizen, residential=True)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
        .select_related("offer__unit")
        .first()
    )
    if other is not None:
        raise ValidationError(
            ALREADY_STAYING.format(
                name=citizen.full_name, offer=other.offer.name, since=f"{other.started_on:%d.%m.%Y}"
            )
        )


def _check_room_free(room: Room, on: datetime.date) -> None:
    taken = Stay.objects.filter(room=room).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
    if taken.exists():
        raise ValidationError({"room": ROOM_TAKEN.format(room=room.name)})


def do_admit(
    *,
    user: User,
    offer: Offer,
    citizen: Citizen,
    room: Room | None = None,
    referral: Referral | None = None,
    facts: dict | None = None,
    started_on: datetime.date | None = None,
    decided_on: datetime.date | None = None,
    planned_end_on: datetime.date | None = None,
    out_of_turn_reason: str = "",
    stay_type: str = "",
    stayed_before: str = "",
    own_payment_per_night: Decimal | None = None,
    treatment_form: str = "",
) -> Admission:
    """Admit a citizen to an offer, into a room when the offer has rooms. A full offer puts the
    citizen on its waiting list; criteria that are not met refuse the admission. Admitting
    someone ahead of those who waited longer needs a reason, which is kept on the stay, in the
    referral's history and in the audit row. At a §101 treatment offer the admission is the
    start of treatment, with its form (Danmarks Statistik's treatment_form list)."""
    policy.require(policy.may_admit(user, offer), NOT_STAFF)
    started_on = started_on or timezone.localdate()
    decided_on = decided_on or started_on
    facts = check_facts(facts)
    check_admission(
        offer=offer,
        room=room,
        referral=referral,
        started_on=started_on,
        planned_end_on=planned_end_on,
    )
    code_errors = dst.check_codes(
        stay_type=stay_type,
        stayed_before=stayed_before,
        treatment_form=treatment_form,
        on=started_on,
    )
    if own_payment_per_night is not None and own_payment_per_night < 0:
        code_errors["own_payment_per_night"] = "Egenbetalingen kan ikke være negativ."
    if code_errors:
        raise ValidationError(code_errors)
    with transaction.atomic():
        _lock_offer(offer)
        Citizen.objects.select_for_update().filter(pk=citizen.pk).first()
        _check_citizen_free(citizen, offer, started_on)
        referral = _referral_for(
            user=user, offer=offer, citizen=citizen, referral=referral, facts=facts, on=decided_on
        )
        refusal = _decide(
            user=user,
            offer=offer,
            citizen=citizen,
            referral=referral,
            started_on=started_on,
            decided_on=decided_on,
        )
        if refusal is not None:
            return refusal
        if room is not None:
            _check_room_free(room, started_on)
        elif not _has_room_for(offer, started_on):
            return _put_on_waiting_list(
                user=user, offer=offer, citizen=citizen, referral=referral, on=decided_on
            )
        else:
            rooms = free_rooms(offer, started_on) if offer.residential else []
            room = rooms[0] if rooms else None
        ahead = offer_selectors.waiting_ahead(offer, referral).count()
        out_of_turn_reason = out_of_turn_reason.strip()
        if ahead and not out_of_turn_reason:
            raise ValidationError(
                {
                    "out_of_turn_reason": (
                        f"{offer_selectors.ahead_text(ahead).capitalize()} på ventelisten har "
                        f"ventet længere. Skriv hvorfor {citizen.full_name} optages uden for tur."
                    )
                }
            )
        return _admit(
            user=user,
            offer=offer,
            citizen=citizen,
            referral=referral,
            room=room,
            started_on=started_on,
            decided_on=decided_on,
            planned_end_on=planned_end_on,
            out_of_turn=(ahead, out_of_turn_reason) if ahead else None,
            dst_codes={
                "stay_type": stay_type,
                "stayed_before": stayed_before,
                "treatment_form": treatment_form,
            },
            own_payment_per_night=own_payment_per_night,
        )


def check_admission(
    *,
    offer: Offer,
    room: Room | None,
    referral: Referral | None,
    started_on: datetime.date,
    planned_end_on: datetime.date | None,
) -> None:
    """What can be checked before anything is locked: the room, the dates, the referral."""
    if room is not None and room.offer_id != offer.pk:
        raise ValidationError({"room": "Værelset hører ikke til dette tilbud."})
    if planned_end_on is not None and planned_end_on < started_on:
        raise ValidationError(
            {"planned_end_on": "Den planlagte fraflytning ligger før indflytningen."}
        )
    if referral is not None and referral.offer_id != offer.pk:
        raise ValidationError("Visitationen gælder et andet tilbud.")


def _referral_for(
    *,
    user: User,
    offer: Offer,
    citizen: Citizen,
    referral: Referral | None,
    facts: dict,
    on: datetime.date,
) -> Referral:
    """The referral the admission answers: the given one or the citizen's open one (with the
    new facts added), or at a §110 shelter a self-referral made now."""
    if referral is None:
        referral = Referral.objects.filter(
            citizen=citizen, offer=offer, status__in=OPEN_STATUSES
        ).first()
    if referral is None and not offer.is_shelter:
        raise ValidationError(
            f"{citizen.full_name} skal visiteres til {offer.name} af myndigheden, før "
            "borgeren kan optages."
        )
    if referral is None:
        return do_refer(
            user=user,
            citizen=citizen,
            offer=offer,
            facts=facts,
            self_referral=offer.is_shelter,
            on=on,
        )
    if facts:
        Referral.objects.filter(pk=referral.pk).update(facts={**referral.facts, **facts})
        referral.refresh_from_db()
    return referral


def _decide(
    *,
    user: User,
    offer: Offer,
    citizen: Citizen,
    referral: Referral,
    started_on: datetime.date,
    decided_on: datetime.date,
) -> Admission | None:
    """The criteria and the decision: a refusal (returned), open questions or a referral not
    yet approved (raised), or at a shelter the leader's approval now (None: go on)."""
    evaluation = evaluate_citizen(offer=offer, citizen=citizen, facts=referral.facts, on=started_on)
    if evaluation.verdict == eligibility.NOT_ELIGIBLE:
        reasons = tuple(evaluation.reasons)
        do_set_referral_status(
            user=user,
            referral=referral,
            to=ReferralStatus.REFUSED,
            reason="Kan ikke optages: " + " ".join(reasons),
            on=decided_on,
        )
        return Admission(
            referral=referral,
            refused_reasons=reasons,
            message=f"{citizen.full_name} kan ikke optages på {offer.name}: " + " ".join(reasons),
        )
    if evaluation.verdict == eligibility.NEEDS_ASSESSMENT:
        raise ValidationError(
            {"facts": ["Svar på spørgsmålene, før borgeren kan optages:", *evaluation.questions]}
        )
    if referral.status == ReferralStatus.REQUESTED and not offer.is_shelter:
        raise ValidationError(
            "Visitationen er endnu ikke bevilget. Myndigheden træffer afgørelsen, før "
            "borgeren kan optages."
        )
    if referral.status == ReferralStatus.REQUESTED:
        # §110 stk. 4: the shelter's leader decides the admission.
        do_set_referral_status(
            user=user, referral=referral, to=ReferralStatus.APPROVED, on=decided_on
        )
    return None


def _put_on_waiting_list(
    *, user, offer: Offer, citizen: Citizen, referral: Referral, on: datetime.date
) -> Admission:
    if referral.status != ReferralStatus.WAITING:
        do_set_referral_status(
            user=user,
            referral=referral,
            to=ReferralStatus.WAITING,
            reason="Ingen ledig plads ved optagelsen",
            on=on,
        )
        referral.refresh_from_db()
    position = waiting_position(referral)
    return Admission(
        referral=referral,
        waiting_position=position,
        message=(
            f"Alle pladser på {offer.name} er optaget. {citizen.full_name} er sat på "
            f"ventelisten som nr. {position}."
        ),
    )


def _admit(
    *,
    user: User,
    offer: Offer,
    citizen: Citizen,
    referral: Referral,
    room: Room | None,
    started_on: datetime.date,
    decided_on: datetime.date,
    planned_end_on: datetime.date | None,
    out_of_turn: tuple[int, str] | None = None,
    dst_codes: dict[str, str] | None = None,
    own_payment_per_night: Decimal | None = None,
) -> Admission:
    """The stay itself, the referral admitted, the tie to the unit, the §110 duties and the
    audit row (inside do_admit's transaction, after its checks)."""
    try:
        with transaction.atomic():
            stay = Stay.objects.create(
                citizen=citizen,
                offer=offer,
                room=room,
                referral=referral,
                residential=offer.residential,
                decided_on=decided_on,
                started_on=started_on,
                planned_end_on=planned_end_on,
                admitted_by=user,
                out_of_turn_reason=out_of_turn[1] if out_of_turn else "",
                own_payment_per_night=own_payment_per_night or Decimal(0),
                **(dst_codes or {}),
            )
    except IntegrityError:
        # The database's own rule caught a race the checks above could not see.
        if room is not None:
            raise ValidationError({"room": ROOM_TAKEN.format(room=room.name)}) from None
        raise ValidationError(f"{citizen.full_name} har allerede et ophold.") from None
    turn_note = ""
    if out_of_turn is not None:
        turn_note = (
            f"Optaget uden for tur foran {offer_selectors.ahead_text(out_of_turn[0])} på "
            f"ventelisten: {out_of_turn[1]}"
        )
    do_set_referral_status(
        user=user,
        referral=referral,
        to=ReferralStatus.ADMITTED,
        reason=turn_note,
        on=decided_on,
    )
    stay.relationship = do_open_relationship(
        citizen=citizen,
        unit=offer.unit,
        kind=relationship_kind(offer),
        started_on=started_on,
        source="ophold",
    )
    stay.save(update_fields=["relationship", "updated_at"])
    _open_duties(stay=stay, facts=referral.facts)
    if offer.is_shelter:
        # A new shelter stay within 12 months of a move into own home is a return to
        # homelessness (the courses app keeps the moves and their follow-up).
        do_register_shelter_admission(
            citizen=citizen, admitted_on=started_on, source=f"Ophold på {offer.name}", user=user
        )
    where = f" ({room.name})" if room else ""
    log_event(
        action=Action.CREATE,
        summary=f"Optaget på {offer.name}{where}" + (" uden for tur" if out_of_turn else ""),
        citizen=citizen,
        obj=stay,
        detail=(
            {"out_of_turn": {"ahead": out_of_turn[0], "reason": out_of_turn[1]}}
            if out_of_turn
            else None
        ),
        purpose="Optagelse på tilbud",
    )
    return Admission(
        referral=referral,
        stay=stay,
        message=f"{citizen.full_name} er optaget på {offer.name}{where}.",
    )


def _open_duties(*, stay: Stay, facts: dict) -> None:
    """The §110 duties: notify the acting municipality within 3 working days of the decision,
    and the authority's action plan (§141/§142); flags for under 25 and for an own home."""
    if not stay.offer.is_shelter:
        return
    Task.objects.create(
        citizen=stay.citizen,
        stay=stay,
        kind=Task.Kind.NOTIFY,
        due_on=dates.add_working_days(stay.decided_on, rules.NOTIFY_WORKING_DAYS),
        unit=stay.offer.unit,
    )
    Task.objects.create(
        citizen=stay.citizen,
        stay=stay,
        kind=Task.Kind.ACTION_PLAN,
        due_on=stay.decided_on + datetime.timedelta(days=rules.ACTION_PLAN_DAYS),
        municipality=stay.citizen.acting_municipality,
    )
    municipality = stay.citizen.acting_municipality
    age = youth_age(stay.citizen)
    if stay.citizen.age_on(stay.started_on) < age:
        # Issue 15: admitted like anyone else (§110 is an open door); the stay is flagged and
        # the acting municipality must offer an alternative – in every municipality (DOMAIN.md
        # §3 calls it a duty); a municipality's policy adds its own words and a report figure.
        policy_of = municipality.name if municipality.youth_shelter_policy else ""
        Flag.objects.create(
            stay=stay, kind=Flag.Kind.UNDER_25, text=youth_rule(age, policy_of=policy_of)
        )
        Task.objects.create(
            citizen=stay.citizen,
            stay=stay,
            kind=Task.Kind.YOUTH_ALTERNATIVE,
            due_on=stay.decided_on + datetime.timedelta(days=rules.YOUTH_ALTERNATIVE_DAYS),
            municipality=municipality,
        )
    if facts.get("own_home"):
        Flag.objects.create(stay=stay, kind=Flag.Kind.OWN_HOME, text=OWN_HOME_RULE)


# ---------------------------------------------------------------- stays at bought offers

NOT_BUYER = "Kun handlekommunens myndighed registrerer ophold på tilbud, kommunen køber (issue 16)."


def agreed_price(offer: Offer) -> Decimal | None:
    """The price per night a stay at a bought offer starts from: the offer's price per night,
    or its price per month spread over the month's nights (economics.pricing), in øre."""
    return nightly_price(per_month=offer.price_per_month, per_night=offer.price_per_night)


def do_register_external_stay(
    *,
    user: User,
    offer: Offer,
    citizen: Citizen,
    notice_received_on: datetime.date,
    started_on: datetime.date,
    decided_on: datetime.date | None = None,
    price_per_night: Decimal | None = None,
    own_payment_per_night: Decimal = Decimal(0),
    stay_type: str = "",
    stayed_before: str = "",
) -> Stay:
    """The acting municipality records its citizen's stay at an offer it buys, typically from
    the shelter's §110 stk. 6 notice. The admission itself is `do_admit`'s (one stay at a time,
    the self-referral and the decision at a shelter, the tie, the §142 action plan and the
    flags); the shelter's leader decided it, so the buyer's authority records it
    (policy.records_for_bought_offer). The notice duty is met on the day the notice came, and
    the nights are priced at the agreed price (default the offer's) less the own payment."""
    policy.require(offer.is_external and policy.may_admit(user, offer), NOT_BUYER)
    policy.check_may_edit_citizen(user, citizen)
    decided_on = decided_on or started_on
    price = agreed_price(offer) if price_per_night is None else price_per_night
    errors: dict[str, str] = {}
    if citizen.acting_municipality_id != offer.unit.municipality_id:
        errors["citizen"] = (
            f"{citizen.full_name} har {citizen.acting_municipality.name} som handlekommune; "
            f"tilbuddet er købt af {offer.unit.municipality.name}."
        )
    if notice_received_on > timezone.localdate():
        errors["notice_received_on"] = "Datoen kan ikke ligge i fremtiden."
    elif notice_received_on < decided_on:
        errors["notice_received_on"] = (
            f"Underretningen kan ikke være modtaget før optagelsen ({decided_on:%d.%m.%Y})."
        )
    if decided_on > started_on:
        errors["decided_on"] = "Optagelsen kan ikke være besluttet efter indflytningen."
    if price is None:
        errors["price_per_night"] = (
            "Skriv den aftalte pris pr. døgn (tilbuddet har ingen pris registreret)."
        )
    elif price < 0:
        errors["price_per_night"] = "Prisen kan ikke være negativ."
    if own_payment_per_night < 0:
        errors["own_payment_per_night"] = "Egenbetalingen kan ikke være negativ."
    elif price is not None and own_payment_per_night > price:
        errors["own_payment_per_night"] = "Egenbetalingen kan ikke være større end prisen."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        admission = do_admit(
            user=user,
            offer=offer,
            citizen=citizen,
            started_on=started_on,
            decided_on=decided_on,
            stay_type=stay_type,
            stayed_before=stayed_before,
        )
        if admission.stay is None:
            raise ValidationError(admission.message)
        stay = admission.stay
        Stay.objects.filter(pk=stay.pk).update(
            notice_received_on=notice_received_on,
            price_per_night=price,
            own_payment_per_night=own_payment_per_night,
            updated_at=timezone.now(),
        )
        stay.refresh_from_db()
        # The placement registered before the notice came is tied to the stay (one per stay).
        tied = list(
            Placement.objects.filter(
                citizen=citizen, offer=offer, ended_on__isnull=True, stay__isnull=True
            ).values_list("uuid", flat=True)[:1]
        )
        Placement.objects.filter(uuid__in=tied).update(stay=stay, updated_at=timezone.now())
        notice = Task.objects.filter(stay=stay, kind=Task.Kind.NOTIFY, done_on__isnull=True)
        for task in notice:
            task.done_on = notice_received_on
            task.done_by = user
            task.note = f"Underretning modtaget fra {offer.provider}"[:300]
            task.save(update_fields=["done_on", "done_by", "note", "updated_at"])
        log_event(
            action=Action.CHANGE,
            summary=(
                f"Ophold på købt tilbud registreret fra underretning: {offer.name} "
                f"({offer.provider}), {price} kr. pr. døgn"
            ),
            citizen=citizen,
            obj=stay,
            detail={
                "notice_received_on": notice_received_on.isoformat(),
                "price_per_night": str(price),
                "own_payment_per_night": str(own_payment_per_night),
                "placement": str(tied[0]) if tied else None,
            },
            purpose="Ophold på købt tilbud",
        )
    return stay


def do_set_agreed_price(
    *, user: User, stay: Stay, price_per_night: Decimal, own_payment_per_night: Decimal
) -> Stay:
    """Correct the price agreed with the provider for a stay at a bought offer, and the own
    payment. The nights are priced anew wherever they are counted."""
    policy.require(stay.offer.is_external and policy.may_admit(user, stay.offer), NOT_BUYER)
    policy.check_may_edit_citizen(user, stay.citizen)
    errors: dict[str, str] = {}
    if price_per_night < 0:
        errors["price_per_night"] = "Prisen kan ikke være negativ."
    if own_payment_per_night < 0:
        errors["own_payment_per_night"] = "Egenbetalingen kan ikke være negativ."
    elif own_payment_per_night > price_per_night:
        errors["own_payment_per_night"] = "Egenbetalingen kan ikke være større end prisen."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Stay.objects.filter(pk=stay.pk).update(
            price_per_night=price_per_night,
            own_payment_per_night=own_payment_per_night,
            updated_at=timezone.now(),
        )
        stay.refresh_from_db()
        log_event(
            action=Action.CHANGE,
            summary=(
                f"Aftalt pris for ophold på {stay.offer.name} sat til {price_per_night} kr. "
                f"pr. døgn, egenbetaling {own_payment_per_night} kr."
            ),
            citizen=stay.citizen,
            obj=stay,
            purpose="Ophold på købt tilbud",
        )
    return stay


def do_register_arrival(
    *,
    user: User,
    offer: Offer,
    citizen: Citizen,
    facts: dict | None,
    room: Room | None = None,
    arrived_on: datetime.date | None = None,
    out_of_turn_reason: str = "",
    stay_type: str = "",
    stayed_before: str = "",
) -> Admission:
    """A citizen arrives at a §110 shelter on their own request (§110 stk. 3)."""
    policy.require(policy.may_admit(user, offer), NOT_STAFF)
    if not offer.is_shelter:
        raise ValidationError("Ankomst på egen henvendelse gælder kun §110-herberger.")
    return do_admit(
        user=user,
        offer=offer,
        citizen=citizen,
        room=room,
        facts=facts,
        started_on=arrived_on,
        out_of_turn_reason=out_of_turn_reason,
        stay_type=stay_type,
        stayed_before=stayed_before,
    )


def do_discharge(
    *,
    user: User,
    stay: Stay,
    ended_on: datetime.date,
    destination: str,
    reason: str = "",
    occupation_after: str = "",
    ended_how: str = "",
) -> Stay:
    policy.require(policy.may_admit(user, stay.offer), NOT_STAFF)
    errors = dst.check_ended_how(stay.offer.legal_basis, ended_how, ended_on)
    if destination not in rules.DESTINATIONS:
        errors["destination"] = "Vælg hvor borgeren flytter hen."
    if occupation_after and occupation_after not in dict(rules.OCCUPATION_CHOICES):
        errors["occupation_after"] = "Vælg arbejde, uddannelse, ingen af delene eller ved ikke."
    if ended_on < stay.started_on:
        errors["ended_on"] = (
            f"Fraflytningen kan ikke ligge før indflytningen ({stay.started_on:%d.%m.%Y})."
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        updated = Stay.objects.filter(pk=stay.pk, ended_on__isnull=True).update(
            ended_on=ended_on,
            destination=destination,
            discharge_reason=reason.strip(),
            occupation_after=occupation_after,
            ended_how=ended_how,
            discharged_by=user,
            updated_at=timezone.now(),
        )
        if not updated:
            raise ValidationError("Opholdet er allerede afsluttet.")
        stay.refresh_from_db()
        if stay.relationship is not None:
            do_close_relationship(relationship=stay.relationship, ended_on=ended_on)
        _settle_duties(user=user, stay=stay, ended_on=ended_on, destination=destination)
        if destination in rules.OWN_HOME_DESTINATIONS:
            # Follow-up at 1, 3, 6 and 12 months after the move (courses app).
            do_register_move_to_own_home(
                citizen=stay.citizen,
                moved_on=ended_on,
                source=f"Udskrevet fra {stay.offer.name}",
                user=user,
                unit=stay.offer.unit,
            )
        log_event(
            action=Action.CHANGE,
            summary=(
                f"Udskrevet fra {stay.offer.name} til: {rules.DESTINATIONS[destination][0].lower()}"
            ),
            citizen=stay.citizen,
            obj=stay,
            detail={
                "destination": destination,
                "count_category": rules.count_category(destination),
            },
            purpose="Udskrivning fra tilbud",
        )
    return stay


def _settle_duties(*, user: User, stay: Stay, ended_on: datetime.date, destination: str) -> None:
    """The stay's open duties at its discharge (the choice per kind is stays.rules'): the §142
    action plan lapses with the stay, the §110 stk. 6 notice is still owed. Both get a note."""
    where = rules.DESTINATIONS[destination][0].lower()
    ended = f"Opholdet sluttede {ended_on:%d.%m.%Y} (udskrevet til {where})"
    open_tasks = Task.objects.filter(stay=stay, done_on__isnull=True)
    for task in open_tasks:
        if task.kind in rules.TASKS_LAPSING_AT_DISCHARGE:
            task.done_on = ended_on
            task.done_by = user
            task.lapsed = True
            task.note = f"Bortfaldet: {ended}."[:300]
            task.save(update_fields=["done_on", "done_by", "lapsed", "note", "updated_at"])
            summary = f"Opgave bortfaldet ved udskrivning: {task.get_kind_display()}"
        elif task.kind in rules.TASKS_KEPT_AT_DISCHARGE:
            task.note = f"{ended}. Underretningen skal stadig sendes (§110, stk. 6)."[:300]
            task.save(update_fields=["note", "updated_at"])
            summary = f"Opgave stadig åben efter udskrivning: {task.get_kind_display()}"
        else:
            continue
        log_event(
            action=Action.CHANGE,
            summary=summary,
            citizen=stay.citizen,
            obj=task,
            detail={"note": task.note},
            purpose="Lovpligtige opgaver ved ophold",
        )


YOUTH_TASK_NEEDS_ANSWER = (
    "Opgaven lukkes ved at registrere det tilbudte alternativ og borgerens svar."
)


def do_complete_task(
    *, user, task: Task, done_on: datetime.date | None = None, note: str = ""
) -> Task:
    policy.check_may_edit_citizen(user, task.citizen)
    if task.kind == Task.Kind.INSIGHT:
        # Answered by delivering the export (rights.services.do_deliver_insight), which logs it.
        raise ValidationError("En anmodning om indsigt besvares ved at lave udtrækket.")
    if task.kind == Task.Kind.YOUTH_ALTERNATIVE:
        raise ValidationError(YOUTH_TASK_NEEDS_ANSWER)
    done_on = done_on or timezone.localdate()
    with transaction.atomic():
        updated = Task.objects.filter(pk=task.pk, done_on__isnull=True).update(
            done_on=done_on, done_by=user, note=note.strip()[:300], updated_at=timezone.now()
        )
        if not updated:
            raise ValidationError("Opgaven er allerede udført.")
        task.refresh_from_db()
        log_event(
            action=Action.CHANGE,
            summary=f"Opgave udført: {task.get_kind_display()}",
            citizen=task.citizen,
            obj=task,
            purpose="Lovpligtige opgaver ved ophold",
        )
    return task


def do_record_youth_alternative(
    *,
    user: User,
    stay: Stay,
    alternative: str,
    answer: str,
    offered_on: datetime.date,
    description: str = "",
) -> YouthAlternative:
    """The acting municipality records the alternative it offered a citizen under the youth
    age at a shelter, and the citizen's answer; that closes the stay's task (issue 15)."""
    policy.require(
        policy.may_record_youth_alternative(user, stay.citizen),
        "Kun handlekommunens sagsbehandlere registrerer alternativet til herberget.",
    )
    description = description.strip()
    errors: dict[str, str] = {}
    if alternative not in dict(rules.YOUTH_ALTERNATIVES):
        errors["alternative"] = "Vælg det alternativ, borgeren blev tilbudt."
    elif alternative == "other" and not description:
        errors["description"] = "Beskriv det alternativ, borgeren blev tilbudt."
    if answer not in dict(rules.YOUTH_ANSWERS):
        errors["answer"] = "Vælg om borgeren tog imod alternativet eller sagde nej tak."
    if offered_on < stay.started_on:
        errors["offered_on"] = (
            f"Datoen kan ikke ligge før indflytningen ({stay.started_on:%d.%m.%Y})."
        )
    elif offered_on > timezone.localdate():
        errors["offered_on"] = "Datoen kan ikke ligge i fremtiden."
    if len(description) > 300:
        errors["description"] = "Beskrivelsen må højst være 300 tegn."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        task = (
            Task.objects.select_for_update()
            .filter(stay=stay, kind=Task.Kind.YOUTH_ALTERNATIVE)
            .first()
        )
        if task is None:
            raise ValidationError("Opholdet har ingen opgave om et alternativ til herberget.")
        if YouthAlternative.objects.filter(stay=stay).exists() or task.done_on is not None:
            raise ValidationError("Alternativet er allerede registreret.")
        record = YouthAlternative.objects.create(
            stay=stay,
            alternative=alternative,
            description=description,
            answer=answer,
            offered_on=offered_on,
            recorded_by=user,
        )
        Task.objects.filter(pk=task.pk).update(
            done_on=offered_on,
            done_by=user,
            note=f"{record.get_alternative_display()}: {record.get_answer_display().lower()}"[:300],
            updated_at=timezone.now(),
        )
        log_event(
            action=Action.CREATE,
            summary=(
                f"Alternativ til herberget tilbudt: {record.get_alternative_display()} – "
                f"borgeren {record.get_answer_display().lower()}"
            ),
            citizen=stay.citizen,
            obj=record,
            detail={"alternative": alternative, "answer": answer},
            purpose="Alternativ til herberg for borger under 25 år",
        )
    return record


def do_set_own_payment(*, user: User, stay: Stay, amount: Decimal) -> Stay:
    """The citizen's own payment per night (§163), deducted before the state's share is taken."""
    policy.check_may_edit_citizen(user, stay.citizen)
    if amount < 0:
        raise ValidationError({"own_payment_per_night": "Egenbetalingen kan ikke være negativ."})
    with transaction.atomic():
        Stay.objects.filter(pk=stay.pk).update(
            own_payment_per_night=amount, updated_at=timezone.now()
        )
        stay.refresh_from_db()
        log_event(
            action=Action.CHANGE,
            summary=f"Egenbetaling pr. nat sat til {amount} kr. ({stay.offer.name})",
            citizen=stay.citizen,
            obj=stay,
            purpose="Beregning af egenbetaling og refusion",
        )
    return stay


def do_set_dst_fields(
    *,
    user: User,
    stay: Stay,
    stay_type: str = "",
    stayed_before: str = "",
    treatment_form: str = "",
    ended_how: str = "",
) -> Stay:
    """Correct a stay's fields for Danmarks Statistik (from an export's worklist). Which fields a
    stay has depends on its offer (dst.start_fields: a §110 stay, a §101 treatment, an offer of
    the adult decisions); the codes must be on the lists valid on the day of arrival and of
    departure."""
    policy.require(policy.may_admit(user, stay.offer), NOT_STAFF)
    legal_basis = stay.offer.legal_basis
    given = {
        "stay_type": stay_type,
        "stayed_before": stayed_before,
        "treatment_form": treatment_form,
    }
    fields = dst.start_fields(legal_basis)
    if dst.ended_how_list(legal_basis) is None:
        raise ValidationError("Tilbuddet indberettes ikke til Danmarks Statistik.")
    errors = {
        name: "Feltet hører ikke til dette tilbud."
        for name, code in given.items()
        if code and name not in fields
    }
    errors |= dst.check_codes(on=stay.started_on, **{k: given[k] for k in fields})
    if ended_how:
        if stay.ended_on is None:
            errors["ended_how"] = "Opholdet er ikke afsluttet."
        else:
            errors |= dst.check_ended_how(legal_basis, ended_how, stay.ended_on)
    if errors:
        raise ValidationError(errors)
    values = {k: given[k] for k in fields} | {"ended_how": ended_how}
    with transaction.atomic():
        Stay.objects.filter(pk=stay.pk).update(**values, updated_at=timezone.now())
        stay.refresh_from_db()
        log_event(
            action=Action.CHANGE,
            summary=f"Oplysninger til Danmarks Statistik rettet ({stay.offer.name})",
            citizen=stay.citizen,
            obj=stay,
            detail=values,
            purpose="Indberetning til Danmarks Statistik",
        )
    return stay


# ---------------------------------------------------------------- placements in bought offers

NOT_PLACING = "Kun handlekommunens sagsbehandlere registrerer anbringelser i købte tilbud."
PLACEMENT_FIELDS = [
    "started_on",
    "cost_per_month",
    "local_offer",
    "responsible",
    "plan_status",
    "target_date",
    "plan_steps",
    "not_possible_reason",
    "ended_on",
]


def _check_placement(p: Placement) -> None:
    """The placement's rules, each a Danish message next to its field (the database holds the
    same rules as constraints)."""
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if p.started_on > today:
        errors["started_on"] = "Anbringelsen kan ikke begynde i fremtiden."
    if p.cost_per_month is None:
        errors["cost_per_month"] = "Tilbuddet har ingen aftalt pris: skriv udgiften pr. måned."
    elif p.cost_per_month < 0:
        errors["cost_per_month"] = "Udgiften kan ikke være negativ."
    if p.ended_on is not None:
        if p.ended_on < p.started_on:
            errors["ended_on"] = (
                f"Anbringelsen kan ikke slutte før den begyndte ({p.started_on:%d.%m.%Y})."
            )
        elif p.ended_on > today:
            errors["ended_on"] = "Slutdatoen kan ikke ligge i fremtiden."
    if p.plan_status not in PlanStatus.values:
        errors["plan_status"] = "Vælg hvor hjemtagningsplanen står."
    if p.plan_status in OPEN_PLAN_STATUSES and p.target_date is None:
        errors["target_date"] = "En hjemtagningsplan skal have en måldato."
    if p.target_date is not None and p.target_date < p.started_on:
        errors["target_date"] = (
            f"Måldatoen kan ikke ligge før anbringelsen ({p.started_on:%d.%m.%Y})."
        )
    if p.plan_status == PlanStatus.NOT_POSSIBLE and not p.not_possible_reason:
        errors["not_possible_reason"] = "Skriv, hvorfor hjemtagning ikke er mulig."
    if p.plan_status == PlanStatus.BROUGHT_HOME and p.ended_on is None:
        errors["ended_on"] = "Skriv den dato, borgeren blev hjemtaget."
    if p.plan_status in OPEN_PLAN_STATUSES and p.local_offer_id is None:
        errors["local_offer"] = "Vælg det lokale tilbud, borgeren skal hjem til."
    if p.responsible_id is not None and not (
        policy.placement_caseworkers(p.municipality_id).filter(pk=p.responsible_id).exists()
    ):
        errors["responsible"] = "Vælg en af kommunens sagsbehandlere."
    if errors:
        raise ValidationError(errors)
    check_local_offer(p.local_offer, p.municipality_id, "local_offer")


def open_stay_to_tie(citizen: Citizen, offer: Offer) -> Stay | None:
    """The citizen's open stay at the bought offer that no placement is tied to yet."""
    return (
        Stay.objects.filter(citizen=citizen, offer=offer, ended_on__isnull=True)
        .exclude(placements__isnull=False)
        .order_by("-started_on")
        .first()
    )


def placement_monthly_price(offer: Offer, stay: Stay | None) -> Decimal | None:
    """A placement's default cost per month: the price per night agreed for the citizen's stay
    (the §110 stk. 6 notice), else the offer's agreed price (economics.pricing.monthly_price)."""
    if stay is not None and stay.price_per_night is not None:
        return monthly_price(per_month=None, per_night=stay.price_per_night)
    return monthly_price(per_month=offer.price_per_month, per_night=offer.price_per_night)


def _save_placement(p: Placement) -> None:
    try:
        with transaction.atomic():
            p.save()
    except IntegrityError as exc:
        if (
            Placement.objects.filter(
                citizen_id=p.citizen_id, offer_id=p.offer_id, ended_on__isnull=True
            )
            .exclude(pk=p.pk)
            .exists()
        ):
            raise ValidationError(
                {"offer": "Borgeren har allerede en åben anbringelse i tilbuddet."}
            ) from exc
        raise


def do_create_placement(
    *,
    user: User,
    citizen: Citizen,
    offer: Offer,
    started_on: datetime.date | None = None,
    cost_per_month: Decimal | None = None,
    local_offer: Offer | None = None,
    responsible: User | None = None,
    plan_status: str = PlanStatus.NONE,
    target_date: datetime.date | None = None,
    plan_steps: str = "",
    not_possible_reason: str = "",
) -> Placement:
    """The acting municipality registers that a citizen is placed in an offer it buys. The
    placement is tied to the citizen's open stay at the offer, if any (`Placement.stay`);
    without a date it starts with that stay, and without a cost the stay's agreed price per
    night is used, else the offer's (economics.pricing.monthly_price: the monthly price, else
    the price per night × 365 / 12)."""
    policy.require(policy.may_manage_placements(user, citizen), NOT_PLACING)
    if not offer.is_external:
        raise ValidationError(
            {"offer": "Vælg et købt tilbud – kommunens egne tilbud registreres som ophold."}
        )
    if offer.unit.municipality_id != citizen.acting_municipality_id:
        raise ValidationError({"offer": "Vælg et tilbud, som borgerens handlekommune køber."})
    stay = open_stay_to_tie(citizen, offer)
    if started_on is None:
        if stay is None:
            raise ValidationError({"started_on": "Skriv datoen."})
        started_on = stay.started_on
    if cost_per_month is None:
        cost_per_month = placement_monthly_price(offer, stay)
    placement = Placement(
        citizen=citizen,
        offer=offer,
        stay=stay,
        municipality_id=citizen.acting_municipality_id,
        referral=Referral.objects.filter(citizen=citizen, offer=offer)
        .order_by("-requested_on", "-created_at")
        .first(),
        started_on=started_on,
        cost_per_month=cast(Decimal, cost_per_month),  # None is refused by _check_placement
        local_offer=local_offer,
        responsible=responsible,
        plan_status=plan_status,
        target_date=target_date,
        plan_steps=plan_steps.strip(),
        not_possible_reason=not_possible_reason.strip(),
        created_by=user,
    )
    _check_placement(placement)
    with transaction.atomic():
        if Placement.objects.filter(citizen=citizen, offer=offer, ended_on__isnull=True).exists():
            raise ValidationError(
                {"offer": "Borgeren har allerede en åben anbringelse i tilbuddet."}
            )
        _save_placement(placement)
        log_event(
            action=Action.CREATE,
            summary=f"Anbringelse i {offer.name} registreret",
            citizen=citizen,
            obj=placement,
            detail={"plan_status": plan_status, "stay": str(stay.uuid) if stay else None},
            purpose="Anbringelse i købt tilbud og hjemtagning",
        )
    return placement


def do_update_placement(
    *, user: User, placement: Placement, changes: dict, version: int | None = None
) -> Placement:
    """Change a placement: its cost, the local offer, the bring-home plan (status, target date,
    steps, responsible caseworker), or end it (brought home: the plan's status). `version` is
    the version the user started from: if somebody else saved in between, nothing is saved."""
    policy.require(
        policy.may_manage_placements(user, placement.citizen)
        and placement.municipality_id in policy.authority_municipality_ids(user),
        NOT_PLACING,
    )
    unknown = set(changes) - set(PLACEMENT_FIELDS)
    if unknown:
        raise ValidationError({f: "Feltet kan ikke ændres her." for f in unknown})
    with transaction.atomic():
        current = Placement.objects.select_for_update().get(pk=placement.pk)
        if version is not None and current.version != version:
            raise ValidationError(
                "En anden har gemt ændringer til anbringelsen, mens du redigerede. "
                "Genindlæs siden og prøv igen – dine ændringer er ikke gemt."
            )
        before = {f: getattr(current, f) for f in changes}
        for f, v in changes.items():
            setattr(current, f, v.strip() if isinstance(v, str) else v)
        _check_placement(current)
        current.version += 1
        _save_placement(current)
        changed = sorted(f for f in changes if getattr(current, f) != before[f])
        log_event(
            action=Action.CHANGE,
            summary=f"Anbringelse i {current.offer.name} ændret",
            citizen=current.citizen,
            obj=current,
            detail={"fields": changed, "plan_status": current.plan_status},
            purpose="Anbringelse i købt tilbud og hjemtagning",
        )
    return current
