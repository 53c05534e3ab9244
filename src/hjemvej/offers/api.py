"""Eligibility and referrals in the API: the same access policy and audit log as the UI."""

import datetime
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Field, Router, Schema

from hjemvej.access import policy
from hjemvej.accounts.models import Municipality
from hjemvej.common.params import check_query_params
from hjemvej.offers import selectors, services
from hjemvej.offers.models import Offer, Referral

eligibility_router = Router()
referrals_router = Router()


class Facts(Schema):
    active_substance_use: bool | None = None
    untreated_mental_illness: bool | None = None
    physical_care_needs: bool | None = None
    own_home: bool | None = None
    accepts_treatment: bool | None = None
    pre_interview_done: bool | None = None
    risk_to_others: bool | None = None
    relapse_without_treatment: bool | None = None
    normally_gifted: bool | None = None
    socially_or_mentally_vulnerable: bool | None = None
    needs_practical_training: bool | None = None
    potential_to_live_alone: bool | None = None
    motivated: bool | None = None
    no_other_adequate_support: bool | None = None
    family_can_replace: bool | None = None
    would_benefit_from_85: bool | None = None
    substances: list[str] | None = None


class EligibilityIn(Schema):
    offer: uuid.UUID
    citizen: uuid.UUID
    facts: Facts = Facts()
    on: datetime.date | None = None
    phase: str = "before_start"


class CriterionOut(Schema):
    kind: str
    title: str
    status: str
    status_label: str
    explanation: str
    question: str


class EligibilityOut(Schema):
    offer: uuid.UUID
    citizen: uuid.UUID
    verdict: str
    verdict_label: str
    reasons: list[str]
    questions: list[str]
    criteria: list[CriterionOut]


def offer_for(user, offer_uuid) -> Offer:
    offer = selectors.offers_for(user).filter(uuid=offer_uuid).first()
    if offer is None:
        raise Http404
    return offer


def facts_dict(facts: Facts) -> dict:
    return {k: v for k, v in facts.dict().items() if v is not None}


@eligibility_router.post(
    "", response=EligibilityOut, summary="Vurdér en borger efter et tilbuds kriterier"
)
def evaluate(request, payload: EligibilityIn):
    from django.core.exceptions import ValidationError

    from hjemvej.offers import eligibility

    citizen, _ = policy.access_citizen(
        request.user, payload.citizen, what="Vurdering efter tilbuddets kriterier (API)"
    )
    offer = offer_for(request.user, payload.offer)
    if payload.phase not in ("before_start", "after_start"):
        raise ValidationError({"phase": "Fasen skal være before_start eller after_start."})
    given = services.check_facts(facts_dict(payload.facts))
    on = payload.on or timezone.localdate()
    result = eligibility.evaluate(
        offer.criteria,
        eligibility.facts_from(birth_date=citizen.birth_date, on=on, given=given),
        phase=payload.phase,
    )
    return {
        "offer": offer.uuid,
        "citizen": citizen.uuid,
        "verdict": result.verdict,
        "verdict_label": result.verdict_label,
        "reasons": result.reasons,
        "questions": result.questions,
        "criteria": [
            {
                "kind": r.kind,
                "title": r.title,
                "status": r.status,
                "status_label": r.status_label,
                "explanation": r.explanation,
                "question": r.question,
            }
            for r in result.results
        ],
    }


class ReferralIn(Schema):
    offer: uuid.UUID
    citizen: uuid.UUID
    facts: Facts = Facts()
    # No functional_level: it comes from the citizen's latest VUM assessment (issue 15).
    note: str = ""
    # A bought offer (another municipality's, a region's or a private one): the local offer
    # considered, or that the municipality has none, and why it does not fit.
    local_alternative: uuid.UUID | None = None
    no_local_alternative: bool = False
    local_alternative_reason: str = ""


class ReferralOut(Schema):
    id: uuid.UUID
    offer: uuid.UUID
    citizen: uuid.UUID
    status: str
    status_label: str
    self_referral: bool
    requested_on: datetime.date
    decided_on: datetime.date | None
    reason: str
    waiting_since: datetime.datetime | None
    external_offer: bool
    local_alternative: uuid.UUID | None
    no_local_alternative: bool
    local_alternative_reason: str


class DecisionIn(Schema):
    approve: bool
    reason: str = ""


def referral_out(r: Referral) -> dict:
    return {
        "id": r.uuid,
        "offer": r.offer.uuid,
        "citizen": r.citizen.uuid,
        "status": r.status,
        "status_label": r.get_status_display(),
        "self_referral": r.self_referral,
        "requested_on": r.requested_on,
        "decided_on": r.decided_on,
        "reason": r.reason,
        "waiting_since": r.waiting_since,
        "external_offer": r.external_offer,
        "local_alternative": r.local_alternative.uuid if r.local_alternative else None,
        "no_local_alternative": r.no_local_alternative,
        "local_alternative_reason": r.local_alternative_reason,
    }


def local_offer_for(citizen, offer_uuid: uuid.UUID | None, field: str) -> Offer | None:
    """One of the citizen's acting municipality's own offers, or a field error."""
    from django.core.exceptions import ValidationError

    if offer_uuid is None:
        return None
    local = selectors.local_offers(citizen).filter(uuid=offer_uuid).first()
    if local is None:
        raise ValidationError({field: "Vælg et af kommunens egne tilbud."})
    return local


def _referral(request, referral_id, what) -> Referral:
    referral, _ = policy.access_object(
        request.user,
        Referral.objects.select_related("offer__unit", "citizen", "local_alternative"),
        referral_id,
        what=what,
        section=policy.SECTION_REFERRAL,
    )
    return referral


@referrals_router.post("", response={201: ReferralOut}, summary="Visitér en borger til et tilbud")
def create_referral(request, payload: ReferralIn):
    citizen, _ = policy.access_citizen(request.user, payload.citizen, what="Visitation (API)")
    offer = offer_for(request.user, payload.offer)
    referral = services.do_refer(
        user=request.user,
        citizen=citizen,
        offer=offer,
        facts=facts_dict(payload.facts),
        note=payload.note,
        local_alternative=local_offer_for(citizen, payload.local_alternative, "local_alternative"),
        no_local_alternative=payload.no_local_alternative,
        local_alternative_reason=payload.local_alternative_reason,
    )
    return 201, referral_out(referral)


@referrals_router.get("/{uuid:referral_id}", response=ReferralOut, summary="Én visitation")
def get_referral(request, referral_id: uuid.UUID):
    return referral_out(_referral(request, referral_id, "Visitation (API)"))


@referrals_router.post(
    "/{uuid:referral_id}/decision", response=ReferralOut, summary="Bevilg eller giv afslag"
)
def decide(request, referral_id: uuid.UUID, payload: DecisionIn):
    referral = _referral(request, referral_id, "Visitation: afgørelse (API)")
    referral = services.do_decide_referral(
        user=request.user, referral=referral, approve=payload.approve, reason=payload.reason
    )
    return referral_out(referral)


# ---------------------------------------------------------------- the catalogue
offers_router = Router()


class OfferOut(Schema):
    id: uuid.UUID
    name: str
    municipality: int
    legal_basis: str
    legal_basis_label: str
    residential: bool
    places: int | None
    target_group: str
    tilbudsportalen_id: str
    operator: str = Field(description="own, municipality, region eller private")
    provider: str = Field(description="Leverandøren af et købt tilbud")
    price_per_night: Decimal | None = None
    price_per_month: Decimal | None = None


class OfferPage(Schema):
    count: int
    page: int
    pages: int
    results: list[OfferOut]


def _offer_out(offer: Offer) -> dict:
    return {
        "id": offer.uuid,
        "name": offer.name,
        "municipality": offer.unit.municipality.code,
        "legal_basis": offer.legal_basis,
        "legal_basis_label": offer.get_legal_basis_display(),
        "residential": offer.residential,
        "places": offer.places,
        "target_group": offer.target_group,
        "tilbudsportalen_id": offer.tilbudsportalen_id,
        "operator": offer.operator,
        "provider": offer.provider,
        "price_per_night": offer.price_per_night,
        "price_per_month": offer.price_per_month,
    }


@offers_router.get("", response=OfferPage, summary="Tilbudskataloget (egne kommuners tilbud)")
def list_offers(request, page: int = 1):
    from django.core.paginator import Paginator

    check_query_params(request, "page")
    paginator = Paginator(selectors.offers_for(request.user), 50)
    p = paginator.get_page(page)
    return {
        "count": paginator.count,
        "page": p.number,
        "pages": paginator.num_pages,
        "results": [_offer_out(o) for o in p.object_list],
    }


class BoughtOfferIn(Schema):
    municipality: int | None = Field(
        None, description="Den købende kommunes kode; kan udelades, hvis brugeren kun har én"
    )
    name: str
    operator: str = Field(description="municipality, region eller private")
    provider: str
    legal_basis: str
    tilbudsportalen_id: str = ""
    residential: bool = True
    target_group: str = ""
    contact: str = ""
    price_per_night: Decimal | None = None
    price_per_month: Decimal | None = None


class BoughtOfferChanges(Schema):
    name: str | None = None
    operator: str | None = None
    provider: str | None = None
    legal_basis: str | None = None
    tilbudsportalen_id: str | None = None
    residential: bool | None = None
    target_group: str | None = None
    contact: str | None = None
    price_per_night: Decimal | None = None
    price_per_month: Decimal | None = None


@offers_router.get(
    "/bought", response=OfferPage, summary="Købte tilbud (andre kommuners, regionens, private)"
)
def list_bought_offers(request, page: int = 1):
    from django.core.paginator import Paginator

    check_query_params(request, "page")
    paginator = Paginator(selectors.bought_offers(request.user), 50)
    p = paginator.get_page(page)
    return {
        "count": paginator.count,
        "page": p.number,
        "pages": paginator.num_pages,
        "results": [_offer_out(o) for o in p.object_list],
    }


@offers_router.post("/bought", response={201: OfferOut}, summary="Registrér et købt tilbud")
def register_bought_offer(request, payload: BoughtOfferIn):
    data = payload.dict()
    code = data.pop("municipality")
    ids = policy.authority_municipality_ids(request.user) | policy.administered_municipality_ids(
        request.user
    )
    candidates = Municipality.objects.filter(pk__in=ids)
    if code is not None:
        candidates = candidates.filter(code=code)
    if candidates.count() != 1:
        raise ValidationError({"municipality": "Angiv koden på den kommune, der køber pladserne."})
    offer = services.do_register_bought_offer(
        user=request.user, municipality=candidates.get(), **data
    )
    return 201, _offer_out(offer)


# A change of a bought offer's facts is a POST of the fields to change: the offer has no
# version for a PATCH (catalogue data, not a citizen's; the last change wins).
@offers_router.post(
    "/{uuid:offer_id}/bought", response=OfferOut, summary="Ret et købt tilbud (felterne sendt)"
)
def update_bought_offer(request, offer_id: uuid.UUID, payload: BoughtOfferChanges):
    offer = offer_for(request.user, offer_id)
    changes = payload.dict(exclude_unset=True)
    offer = services.do_update_bought_offer(user=request.user, offer=offer, changes=changes)
    return _offer_out(offer)


@offers_router.get("/{uuid:offer_id}", response=OfferOut, summary="Ét tilbud")
def get_offer(request, offer_id: uuid.UUID):
    return _offer_out(offer_for(request.user, offer_id))
