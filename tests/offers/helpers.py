"""Offers built from the same seed catalogue as the demo data."""

from decimal import Decimal

from hjemvej.accounts.models import Unit
from hjemvej.offers.catalogue import OFFERS, ensure_offer
from hjemvej.offers.models import LegalBasis, Offer, Operator
from tests.factories import UnitFactory

# Every fact the Ishøj shelter asks about, answered so that the citizen may be admitted.
SHELTER_OK = {
    "active_substance_use": False,
    "untreated_mental_illness": False,
    "physical_care_needs": False,
}
# Every question the youth housing's criteria ask (DOMAIN.md §7), answered so the young person
# may be admitted.
YOUTH_OK = {
    "normally_gifted": True,
    "socially_or_mentally_vulnerable": True,
    "needs_practical_training": True,
    "potential_to_live_alone": True,
    "motivated": True,
    "risk_to_others": False,
    "active_substance_use": False,
    "no_other_adequate_support": True,
    "family_can_replace": False,
    "would_benefit_from_85": False,
}


def offer_for(municipality, slug: str, name: str | None = None):
    unit = UnitFactory(
        municipality=municipality, kind=Unit.Kind.OFFER, slug=slug, name=name or slug
    )
    return ensure_offer(unit, OFFERS[slug])


def herning_shelter(herning):
    """Herning's own §110 shelter for the scenario (the seed has none): Ishøj's rules, 4 rooms."""
    unit = UnitFactory(
        municipality=herning, kind=Unit.Kind.OFFER, slug="herning-herberg", name="Herberget Herning"
    )
    spec = dict(OFFERS["ishoj-herberg"], rooms=["Værelse A", "Værelse B", "Værelse C", "Værelse D"])
    return ensure_offer(unit, spec)


def bought_offer(municipality, slug="engly", *, per_month="68500", per_night=None, operator=None):
    """An offer the municipality buys (issue 16): its own unit, run by someone else, at an
    agreed price per month (or per night)."""
    unit = UnitFactory(municipality=municipality, kind=Unit.Kind.OFFER, slug=slug, name=slug)
    return Offer.objects.create(
        unit=unit,
        legal_basis=LegalBasis.SEL_107,
        operator=operator or Operator.MUNICIPALITY,
        provider="Nørreå Kommune",
        price_per_month=Decimal(per_month) if per_month else None,
        price_per_night=Decimal(per_night) if per_night else None,
    )
