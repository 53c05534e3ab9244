"""Offers built from the same seed catalogue as the demo data."""

from hjemvej.accounts.models import Unit
from hjemvej.offers.catalogue import OFFERS, ensure_offer
from tests.factories import UnitFactory

# Every fact the Ishøj shelter asks about, answered so that the citizen may be admitted.
SHELTER_OK = {
    "active_substance_use": False,
    "untreated_mental_illness": False,
    "physical_care_needs": False,
    "alternative_offered": True,
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
