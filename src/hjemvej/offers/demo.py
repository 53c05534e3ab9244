"""Demo step "offers": the catalogue rows of DOMAIN.md §2 with their criteria and rooms."""

from django.db import transaction

from hjemvej.accounts.models import Unit
from hjemvej.offers.catalogue import OFFERS, ensure_offer


def build(out) -> None:
    with transaction.atomic():
        made = []
        for slug in OFFERS:
            unit = Unit.objects.filter(slug=slug).first()
            if unit is None:
                continue
            offer = ensure_offer(unit)
            made.append(
                f"{offer.name} ({offer.rooms.count()} værelser)"
                if offer.rooms.exists()
                else offer.name
            )
    out(f"Tilbud: {len(made)} i kataloget")
