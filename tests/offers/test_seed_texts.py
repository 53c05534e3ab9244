"""The seed offers read as the municipalities' documents do (DOMAIN.md §2)."""

import pytest

from hjemvej.accounts.models import Unit
from hjemvej.offers.catalogue import ensure_offer
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_pitstops_legal_basis_is_sel_101_and_sul_142_not_the_alcohol_section(ishoj):
    unit = UnitFactory(
        municipality=ishoj, kind=Unit.Kind.OFFER, name="Pitstop", slug="ishoj-pitstop"
    )
    offer = ensure_offer(unit)
    label = offer.get_legal_basis_display()
    assert "Serviceloven §101" in label and "Sundhedsloven §142" in label
    assert "141" not in label


def test_the_shelters_target_group_is_vulnerable_citizens_not_only_the_homeless(
    ishoj_shelter_unit,
):
    offer = ensure_offer(ishoj_shelter_unit)
    assert offer.target_group.startswith("Udsatte borgere over 18 år – ikke kun hjemløse.")
