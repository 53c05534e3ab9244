"""Changes to the catalogue and to referrals. A referral's status moves only through
`do_set_referral_status`, which refuses an illegal move and records every change."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from hjemvej.access import policy
from hjemvej.accounts.models import Municipality, Unit, User
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.deadlines.models import Task
from hjemvej.deadlines.rules import TREATMENT_START_DAYS
from hjemvej.offers import eligibility
from hjemvej.offers.models import (
    DECISION_PARAGRAPHS,
    GRANTED_STATUSES,
    OPEN_STATUSES,
    REFERRAL_STATUS,
    LegalBasis,
    Offer,
    Operator,
    Referral,
    ReferralStatus,
    Room,
)
from hjemvej.people.models import Citizen, Relationship
from hjemvej.people.services import do_close_relationship, do_open_relationship

CATALOGUE_FIELDS = [
    "legal_basis",
    "target_group",
    "residential",
    "places",
    "group_min",
    "group_max",
    "start_with_men",
    "support_hours_per_week",
    "opening_hours",
    "contact",
    "daily_rate_reference",
    "tilbudsportalen_id",
]


NOT_OFFER_EDITOR = "Kun tilbuddets leder eller kommunens administrator kan ændre tilbuddet."


def relationship_kind(offer: Offer) -> str:
    """Which kind of tie a citizen admitted to this offer has to its unit."""
    if offer.residential:
        return Relationship.Kind.STAY
    if offer.legal_basis == LegalBasis.SEL_101:
        return Relationship.Kind.TREATMENT
    if offer.legal_basis == LegalBasis.HOUSING_FIRST:
        return Relationship.Kind.COURSE
    return Relationship.Kind.SUPPORT


def evaluate_citizen(
    *, offer: Offer, citizen: Citizen, facts: dict | None, on: datetime.date | None = None
) -> eligibility.Evaluation:
    on = on or timezone.localdate()
    return eligibility.evaluate(
        offer.criteria, eligibility.facts_from(birth_date=citizen.birth_date, on=on, given=facts)
    )


def check_facts(facts: dict | None) -> dict:
    """Only known facts, with True/False values; substances as a sorted list of known codes."""
    clean: dict = {}
    for key, value in (facts or {}).items():
        if key == "substances":
            if value is None:
                continue
            unknown = [s for s in value if s not in eligibility.SUBSTANCES]
            if unknown:
                raise ValidationError({"facts": f"Ukendte rusmidler: {', '.join(unknown)}."})
            clean["substances"] = sorted(set(value))
        elif key in eligibility.FACTS:
            if value is not None:
                clean[key] = bool(value)
        else:
            raise ValidationError({"facts": f"Ukendt forhold: {key}."})
    return clean


def do_update_offer(
    *, user: User, offer: Offer, changes: dict, criteria: list | None = None
) -> Offer:
    policy.require(policy.may_edit_offer(user, offer), NOT_OFFER_EDITOR)
    unknown = set(changes) - set(CATALOGUE_FIELDS)
    if unknown:
        raise ValidationError({f: "Feltet kan ikke ændres her." for f in unknown})
    errors: dict[str, str | list[str]] = {}
    if criteria is not None:
        problems = eligibility.check_criteria(criteria)
        if problems:
            errors["criteria"] = problems
    gmin = changes.get("group_min", offer.group_min)
    gmax = changes.get("group_max", offer.group_max)
    if gmin is not None and gmax is not None and gmin > gmax:
        errors["group_max"] = "Den største gruppe kan ikke være mindre end den mindste."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = Offer.objects.select_for_update().get(pk=offer.pk)
        for f, v in changes.items():
            setattr(current, f, v)
        fields = list(changes)
        if criteria is not None:
            current.criteria = criteria
            fields.append("criteria")
        current.full_clean()
        current.save(update_fields=[*fields, "updated_at"])
        log_event(
            action=Action.CHANGE,
            summary=f"Tilbudskataloget ændret: {current.name}",
            obj=current,
            detail={"fields": sorted(fields)},
            purpose="Vedligeholdelse af tilbudskataloget",
        )
    return current


# ---------------------------------------------------------------- offers the municipality buys

# The facts of a bought offer (issue 16): who runs it, where it is registered, and the price.
BOUGHT_FIELDS = [
    "operator",
    "provider",
    "tilbudsportalen_id",
    "legal_basis",
    "residential",
    "target_group",
    "contact",
    "price_per_night",
    "price_per_month",
]
NOT_BUYER = "Kun kommunens myndighed eller administrator kan registrere købte tilbud."
BOUGHT_PURPOSE = "Registrering af købte tilbud"


def _clean_bought(values: dict) -> dict:
    """The bought offer's fields, trimmed and checked; errors per field in Danish."""
    unknown = set(values) - set(BOUGHT_FIELDS) - {"name"}
    if unknown:
        raise ValidationError({f: "Feltet kan ikke ændres her." for f in unknown})
    clean = dict(values)
    for f in ("name", "provider", "tilbudsportalen_id", "target_group", "contact"):
        if f in clean:
            clean[f] = (clean[f] or "").strip()
    errors: dict[str, str] = {}
    if "name" in clean and not clean["name"]:
        errors["name"] = "Skriv tilbuddets navn."
    elif len(clean.get("name", "")) > 200:
        errors["name"] = "Navnet må højst være 200 tegn."
    if "operator" in clean and clean["operator"] not in Operator.values:
        errors["operator"] = "Vælg hvem der driver tilbuddet."
    elif clean.get("operator") == Operator.OWN:
        errors["operator"] = "Et købt tilbud drives af en anden end kommunen selv."
    if "provider" in clean and not clean["provider"]:
        errors["provider"] = "Skriv hvem der driver tilbuddet (kommune, region eller firma)."
    if "legal_basis" in clean and clean["legal_basis"] not in LegalBasis.values:
        errors["legal_basis"] = "Vælg lovgrundlaget."
    for f in ("price_per_night", "price_per_month"):
        if clean.get(f) is not None and clean[f] < 0:
            errors[f] = "Prisen kan ikke være negativ."
    if errors:
        raise ValidationError(errors)
    return clean


def do_register_bought_offer(
    *, user: User, municipality: Municipality, name: str, **fields
) -> Offer:
    """Register an offer the municipality buys but does not run (another municipality's, a
    region's or a private shelter, treatment or housing offer). Its unit belongs to the buying
    municipality and never gets staff: the provider has no access to Hjemvej, and the
    municipality's own authority records the stays there (policy.records_for_bought_offer)."""
    policy.require(policy.may_register_bought_offer(user, municipality.pk), NOT_BUYER)
    clean = _clean_bought({"name": name, **fields})
    name = clean.pop("name")
    if Unit.objects.filter(municipality=municipality, name__iexact=name).exists():
        raise ValidationError({"name": f"{municipality.name} har allerede en enhed med det navn."})
    base = slugify(f"{municipality.name}-{name}")[:70] or "tilbud"
    slug, n = base, 1
    while Unit.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    with transaction.atomic():
        unit = Unit.objects.create(
            municipality=municipality, name=name, kind=Unit.Kind.OFFER, slug=slug
        )
        offer = Offer(unit=unit, **clean)
        offer.full_clean()
        offer.save()
        log_event(
            action=Action.CREATE,
            summary=f"Købt tilbud registreret: {name} ({offer.provider})",
            obj=offer,
            detail={"operator": offer.operator, "legal_basis": offer.legal_basis},
            purpose=BOUGHT_PURPOSE,
        )
    return offer


def do_update_bought_offer(*, user: User, offer: Offer, changes: dict) -> Offer:
    """Change a bought offer's facts (and its name). An own offer is `do_update_offer`'s."""
    policy.require(offer.is_external and policy.may_edit_offer(user, offer), NOT_BUYER)
    clean = _clean_bought(changes)
    name = clean.pop("name", None)
    if (
        name is not None
        and Unit.objects.filter(municipality_id=offer.unit.municipality_id, name__iexact=name)
        .exclude(pk=offer.unit_id)
        .exists()
    ):
        raise ValidationError({"name": "Kommunen har allerede en enhed med det navn."})
    with transaction.atomic():
        current = Offer.objects.select_for_update().select_related("unit").get(pk=offer.pk)
        changed = [f for f, v in clean.items() if getattr(current, f) != v]
        for f in changed:
            setattr(current, f, clean[f])
        current.full_clean()
        if changed:
            current.save(update_fields=[*changed, "updated_at"])
        if name is not None and name != current.unit.name:
            Unit.objects.filter(pk=current.unit_id).update(name=name)
            current.unit.name = name
            changed.append("name")
        if changed:
            log_event(
                action=Action.CHANGE,
                summary=f"Købt tilbud ændret: {current.name}",
                obj=current,
                detail={"fields": sorted(changed)},
                purpose=BOUGHT_PURPOSE,
            )
    return current


def do_set_rooms(*, user: User, offer: Offer, names: list[str]) -> list[Room]:
    """Make the offer's rooms exactly `names`, in that order. A room that has had stays stays."""
    policy.require(policy.may_edit_offer(user, offer), NOT_OFFER_EDITOR)
    clean = [n.strip() for n in names if n.strip()]
    if len(set(clean)) != len(clean):
        raise ValidationError({"rooms": "Hvert værelse skal have sit eget navn."})
    if any(len(n) > 100 for n in clean):
        raise ValidationError({"rooms": "Et værelses navn må højst være 100 tegn."})
    with transaction.atomic():
        existing = {r.name: r for r in offer.rooms.all()}
        doomed = [r for name, r in existing.items() if name not in clean]
        used = [r.name for r in doomed if r.stays.exists()]
        if used:
            raise ValidationError(
                {"rooms": f"{', '.join(used)} har haft beboere og kan ikke fjernes."}
            )
        Room.objects.filter(pk__in=[r.pk for r in doomed]).delete()
        for position, name in enumerate(clean, start=1):
            Room.objects.update_or_create(offer=offer, name=name, defaults={"position": position})
        if doomed or set(clean) != set(existing):
            log_event(
                action=Action.CHANGE,
                summary=f"Værelser ændret: {offer.name}",
                obj=offer,
                detail={"rooms": clean},
                purpose="Vedligeholdelse af tilbudskataloget",
            )
    return list(offer.rooms.all())


def check_local_offer(local: Offer | None, municipality_id: int | None, field: str) -> None:
    """A local offer (one that could take a citizen instead of a bought offer) is the
    municipality's own offer: run by it (operator own) and registered by it."""
    if local is None:
        return
    if local.is_external or local.unit.municipality_id != municipality_id:
        raise ValidationError({field: "Vælg et af kommunens egne tilbud."})


def check_local_alternative(
    *,
    offer: Offer,
    citizen: Citizen,
    local_alternative: Offer | None,
    no_local_alternative: bool,
    reason: str,
) -> None:
    """Before a referral to a bought offer the local alternative is considered (DOMAIN.md §9):
    a local offer named, or that there is none, and why it does not fit. The database holds
    the same rule (referral_external_local_alternative_considered)."""
    errors: dict[str, str] = {}
    if local_alternative is None and not no_local_alternative:
        errors["local_alternative"] = (
            f"{offer.name} er et købt tilbud: vælg det lokale tilbud, der er overvejet, eller "
            "angiv, at kommunen ikke har et."
        )
    elif local_alternative is not None and no_local_alternative:
        errors["local_alternative"] = (
            "Vælg enten et lokalt tilbud eller, at kommunen ikke har et – ikke begge."
        )
    if not reason.strip():
        errors["local_alternative_reason"] = (
            "Skriv, hvorfor det lokale tilbud ikke passer til borgeren."
        )
    if errors:
        raise ValidationError(errors)
    check_local_offer(local_alternative, citizen.acting_municipality_id, "local_alternative")


def do_set_referral_status(
    *,
    user,
    referral: Referral,
    to: str,
    reason: str = "",
    on: datetime.date | None = None,
    paragraph: str = "",
) -> Referral:
    """The one place a referral changes status: checks the move, records it and the audit row."""
    policy.require(
        policy.may_move_referral(user, offer=referral.offer, citizen=referral.citizen, to=to),
        "Du har ikke ret til at ændre visitationen sådan.",
    )
    on = on or timezone.localdate()
    with transaction.atomic():
        old = REFERRAL_STATUS.lock(referral).status
        REFERRAL_STATUS.check(old, to)
        if to in (ReferralStatus.REFUSED, ReferralStatus.DECLINED) and not reason.strip():
            raise ValidationError({"reason": "Skriv en begrundelse – borgeren har krav på den."})
        fields: dict = {}
        if to in (ReferralStatus.APPROVED, ReferralStatus.REFUSED):
            fields["decided_on"] = on
        if to == ReferralStatus.APPROVED:
            # A grant to an adult offer records its paragraph (§82 offers: the caller's choice).
            allowed = DECISION_PARAGRAPHS.get(referral.offer.legal_basis, ())
            paragraph = allowed[0] if len(allowed) == 1 else paragraph
            if paragraph:
                fields["paragraph"] = paragraph
        if reason.strip():
            fields["reason"] = reason.strip()
        if to == ReferralStatus.WAITING:
            fields["waiting_since"] = timezone.now()
        current = REFERRAL_STATUS.move(referral, to=to, by=user, reason=reason, fields=fields)
        # A closed referral no longer gives the offer's staff access through the referral
        # (an admission opens its own tie to the unit).
        if REFERRAL_STATUS.is_final(to) and current.relationship is not None:
            do_close_relationship(relationship=current.relationship, ended_on=on)
        if REFERRAL_STATUS.is_final(to) and current.offer.legal_basis == LegalBasis.SEL_101:
            # The 14-day treatment deadline is met by the admission, or falls away with the
            # referral.
            Task.objects.filter(
                citizen=current.citizen,
                unit=current.offer.unit,
                kind=Task.Kind.TREATMENT_START,
                done_on__isnull=True,
            ).update(
                done_on=on,
                done_by=user,
                note="Behandlingen er startet"
                if to == ReferralStatus.ADMITTED
                else f"Visitationen er afsluttet: {ReferralStatus(to).label.lower()}",
                updated_at=timezone.now(),
            )
        log_event(
            action=Action.CHANGE,
            summary=f"Visitation til {current.offer.name}: {ReferralStatus(to).label.lower()}",
            citizen=current.citizen,
            obj=current,
            detail={"from": old, "to": to},
            purpose="Visitation",
        )
    return current


def do_refer(
    *,
    user: User,
    citizen: Citizen,
    offer: Offer,
    facts: dict | None = None,
    note: str = "",
    self_referral: bool = False,
    on: datetime.date | None = None,
    local_alternative: Offer | None = None,
    no_local_alternative: bool = False,
    local_alternative_reason: str = "",
) -> Referral:
    """A caseworker refers a citizen to an offer (or a shelter registers a self-referral).
    The functional level is not typed: it is read from the latest VUM assessment; the old
    `Referral.functional_level` column keeps what was typed before issue 15. A referral to a
    bought offer names the local alternative considered (check_local_alternative)."""
    policy.require(
        policy.may_refer(user, offer=offer, citizen=citizen, self_referral=self_referral),
        "Du har ikke ret til at visitere borgeren til tilbuddet.",
    )
    on = on or timezone.localdate()
    facts = check_facts(facts)
    if self_referral and not offer.is_shelter:
        raise ValidationError("Kun et §110-herberg kan optage en borger på egen henvendelse.")
    external = offer.is_external and not self_referral
    if external:
        check_local_alternative(
            offer=offer,
            citizen=citizen,
            local_alternative=local_alternative,
            no_local_alternative=no_local_alternative,
            reason=local_alternative_reason,
        )
    with transaction.atomic():
        if Referral.objects.filter(citizen=citizen, offer=offer, status__in=OPEN_STATUSES).exists():
            raise ValidationError(
                f"{citizen.full_name} er allerede visiteret til {offer.name} og venter på "
                "afgørelse eller plads."
            )
        relationship = do_open_relationship(
            citizen=citizen,
            unit=offer.unit,
            kind=Relationship.Kind.REFERRAL,
            started_on=on,
            source="visitation",
        )
        referral = Referral.objects.create(
            citizen=citizen,
            offer=offer,
            self_referral=self_referral,
            requested_on=on,
            reason=note.strip(),
            facts=facts,
            referred_by=user,
            relationship=relationship,
            external_offer=external,
            local_alternative=local_alternative if external else None,
            no_local_alternative=no_local_alternative if external else False,
            local_alternative_reason=local_alternative_reason.strip() if external else "",
        )
        REFERRAL_STATUS.record_start(
            referral, by=user, reason="Selvhenvendelse" if self_referral else note
        )
        if offer.legal_basis == LegalBasis.SEL_101:
            Task.objects.create(
                citizen=citizen,
                kind=Task.Kind.TREATMENT_START,
                due_on=on + datetime.timedelta(days=TREATMENT_START_DAYS),
                unit=offer.unit,
                municipality=citizen.acting_municipality,
            )
        log_event(
            action=Action.CREATE,
            summary=(
                f"Selvhenvendelse på {offer.name} registreret"
                if self_referral
                else f"Visiteret til {offer.name}"
            ),
            citizen=citizen,
            obj=referral,
            purpose="Visitation",
        )
    return referral


def do_decide_referral(
    *,
    user,
    referral: Referral,
    approve: bool,
    reason: str = "",
    on: datetime.date | None = None,
    paragraph: str = "",
) -> Referral:
    """Approve or refuse. An approval is refused while the criteria say the citizen cannot be
    admitted; a refusal needs a reason. §110 stk. 4: at a shelter its leader decides."""
    policy.require(
        policy.may_decide_referral(user, referral.offer),
        "Du har ikke ret til at træffe afgørelse om denne visitation.",
    )
    if approve:
        evaluation = evaluate_citizen(
            offer=referral.offer, citizen=referral.citizen, facts=referral.facts, on=on
        )
        if evaluation.verdict == eligibility.NOT_ELIGIBLE:
            raise ValidationError("Visitationen kan ikke bevilges: " + " ".join(evaluation.reasons))
        paragraph = decision_paragraph(referral.offer, paragraph)
    return do_set_referral_status(
        user=user,
        referral=referral,
        to=ReferralStatus.APPROVED if approve else ReferralStatus.REFUSED,
        reason=reason,
        on=on,
        paragraph=paragraph if approve else "",
    )


PARAGRAPH_82 = "Vælg om støtten bevilges efter §82a (gruppebaseret) eller §82b (individuel)."


def decision_paragraph(offer: Offer, paragraph: str = "") -> str:
    """The paragraph a grant to `offer` is decided under (Danmarks Statistik's adult decisions):
    given by the offer's legal basis, or for a §82 offer the caseworker's choice of §82a or
    §82b. "" for offers that are not adult decisions."""
    allowed = DECISION_PARAGRAPHS.get(offer.legal_basis, ())
    if len(allowed) == 1:
        return allowed[0]
    if allowed and paragraph not in allowed:
        raise ValidationError({"paragraph": PARAGRAPH_82})
    return paragraph if allowed else ""


def do_set_referral_paragraph(*, user, referral: Referral, paragraph: str) -> Referral:
    """Record the paragraph of a grant made without it (from the statistics' worklist): a §82
    grant says §82a or §82b. Whoever may decide the referral may correct it."""
    policy.require(
        policy.may_decide_referral(user, referral.offer),
        "Du har ikke ret til at træffe afgørelse om denne visitation.",
    )
    if referral.decided_on is None or referral.status not in GRANTED_STATUSES:
        raise ValidationError("Paragrafen hører til en bevilling.")
    paragraph = decision_paragraph(referral.offer, paragraph)
    if not paragraph:
        raise ValidationError("Tilbuddet er ikke en indsats efter §§82a–107.")
    with transaction.atomic():
        Referral.objects.filter(pk=referral.pk).update(
            paragraph=paragraph, updated_at=timezone.now()
        )
        referral.refresh_from_db()
        log_event(
            action=Action.CHANGE,
            summary=f"Afgørelsens paragraf sat til §{paragraph} ({referral.offer.name})",
            citizen=referral.citizen,
            obj=referral,
            detail={"paragraph": paragraph},
            purpose="Indberetning til Danmarks Statistik",
        )
    return referral


def do_update_referral_facts(*, user: User, referral: Referral, facts: dict) -> Referral:
    policy.check_may_edit_citizen(user, referral.citizen)
    facts = check_facts(facts)
    with transaction.atomic():
        merged = {**referral.facts, **facts}
        Referral.objects.filter(pk=referral.pk).update(facts=merged, updated_at=timezone.now())
        log_event(
            action=Action.CHANGE,
            summary=f"Oplysninger til visitationen til {referral.offer.name} ændret",
            citizen=referral.citizen,
            obj=referral,
            purpose="Visitation",
        )
    referral.refresh_from_db()
    return referral
