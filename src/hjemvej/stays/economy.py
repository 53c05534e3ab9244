"""The money of a citizen's §110 stays, from the economics calculator: per stay the nights, the
reimbursed nights, the gross cost (nights × the offer's daily rate from its cost sheet), the
citizen's own payment, the state's reimbursement and the municipality's net cost."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from hjemvej.economics import reimbursement
from hjemvej.economics.models import CostSheet
from hjemvej.economics.selectors import cost_sheet_rate, reimbursement_rules
from hjemvej.stays.models import Stay


@dataclass
class StayMoney:
    stay: Stay
    daily_rate: Decimal | None  # None: no cost sheet for the offer, so no amounts
    rate_source: str
    tally: reimbursement.Tally


def _rates(stays: list[Stay]) -> dict[tuple[int, int], tuple[Decimal, str]]:
    """(unit id, year a stay started) → the daily rate of the unit's newest cost sheet up to
    that year, or its oldest sheet when all are later. One query; each sheet computed once."""
    by_unit: dict[int, list[CostSheet]] = {}
    for sheet in CostSheet.objects.filter(unit_id__in={s.offer.unit_id for s in stays}).order_by(
        "budget_year"
    ):
        by_unit.setdefault(sheet.unit_id, []).append(sheet)
    computed: dict[int, tuple[Decimal, str]] = {}
    rates: dict[tuple[int, int], tuple[Decimal, str]] = {}
    for unit_id, year in {(s.offer.unit_id, s.started_on.year) for s in stays}:
        sheets = by_unit.get(unit_id)
        if not sheets:
            continue
        sheet = next((sh for sh in reversed(sheets) if sh.budget_year <= year), sheets[0])
        if sheet.pk not in computed:
            # The rate is billed in whole kroner, as the cost sheet shows it.
            computed[sheet.pk] = (
                cost_sheet_rate(sheet).daily_rate_shown,
                f"takstblad {sheet.budget_year}",
            )
        rates[(unit_id, year)] = computed[sheet.pk]
    return rates


def shelter_money(stays: list[Stay], today: datetime.date) -> dict[int, StayMoney]:
    """One citizen's §110 stays (they share running years); an ongoing stay counts to today."""
    shelter = [s for s in stays if s.offer.is_shelter and s.started_on <= today]
    if not shelter:
        return {}
    rates = _rates(shelter)
    plain = []
    for s in shelter:
        rate, _ = rates.get((s.offer.unit_id, s.started_on.year), (Decimal(0), ""))
        plain.append(
            reimbursement.Stay(
                citizen="borger",
                section=reimbursement.SHELTER,
                start=s.started_on,
                end=s.ended_on or today,
                daily_rate=rate,
                own_payment_per_night=s.own_payment_per_night if rate else Decimal(0),
            )
        )
    result = reimbursement.compute_reimbursement(plain, reimbursement_rules())
    out = {}
    for stay, stay_result in zip(shelter, result.stays, strict=True):
        rate_info = rates.get((stay.offer.unit_id, stay.started_on.year))
        out[stay.pk] = StayMoney(
            stay=stay,
            daily_rate=rate_info[0] if rate_info else None,
            rate_source=rate_info[1] if rate_info else "",
            tally=stay_result.tally,
        )
    return out


def shelter_limits() -> list[tuple[datetime.date, int]]:
    """The running-year night limits of §110 from the economics rules (one query), for
    stays.rules.running_year."""
    return [
        (rule.valid_from, rule.limit_nights)
        for rule in reimbursement_rules()
        if rule.section == reimbursement.SHELTER
        and rule.kind == reimbursement.RUNNING_YEAR
        and rule.limit_nights is not None
    ]


def current_stays_for_forecast(municipality_ids, today: datetime.date) -> list[str]:
    """The §110 stays of the citizens now at a shelter (acting municipality among
    `municipality_ids`), with their earlier stays in the last year so running years are right,
    as lines for the economics forecast: "key; start; end; daily rate; own payment".

    Citizens are keyed "Borger 1", "Borger 2", …: the forecast holds no person data. Three
    queries, whatever the number of stays."""
    from hjemvej.offers.models import LegalBasis

    shelter = Stay.objects.filter(
        offer__legal_basis=LegalBasis.SEL_110, citizen__acting_municipality_id__in=municipality_ids
    ).select_related("offer")
    current = set(
        shelter.filter(started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
        .values_list("citizen_id", flat=True)
    )
    horizon = today - datetime.timedelta(days=366)
    stays = list(
        shelter.filter(citizen_id__in=current)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=horizon))
        .order_by("citizen_id", "started_on")
    )
    rates = _rates(stays)
    keys: dict[int, str] = {}
    lines = []
    for stay in stays:
        rate = rates.get((stay.offer.unit_id, stay.started_on.year))
        if rate is None:
            continue
        key = keys.setdefault(stay.citizen_id, f"Borger {len(keys) + 1}")
        lines.append(_stay_line(key, stay, rate[0]))
    return lines


def _stay_line(key: str, stay: Stay, rate: Decimal) -> str:
    """One stay as the economics pages read it: "key; start; end; daily rate; own payment"."""
    end = f"{stay.ended_on:%d.%m.%Y}" if stay.ended_on else ""
    return (
        f"{key}; {stay.started_on:%d.%m.%Y}; {end}; {_da(rate)}; {_da(stay.own_payment_per_night)}"
    )


def _da(amount: Decimal) -> str:
    return f"{amount:.2f}".replace(".", ",")


def unit_stays_for_budget(unit_id: int, year: int) -> list[str]:
    """The stays at one offer that overlap a budget year, as lines for the economics budget
    page ("key; start; end; daily rate; own payment"), citizens keyed without person data."""
    start, end = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    stays = list(
        Stay.objects.filter(offer__unit_id=unit_id, started_on__lt=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=start))
        .select_related("offer")
        .order_by("citizen_id", "started_on")
    )
    rates = _rates(stays)
    keys: dict[int, str] = {}
    lines = []
    for stay in stays:
        rate = rates.get((stay.offer.unit_id, stay.started_on.year))
        key = keys.setdefault(stay.citizen_id, f"Borger {len(keys) + 1}")
        lines.append(_stay_line(key, stay, rate[0] if rate else Decimal(0)))
    return lines
