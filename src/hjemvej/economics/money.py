"""Money is Decimal, never float. The rounding rules, each stated once:

- `whole_kroner`: how a cost sheet line, a total and a daily rate are shown — half up to whole
  kroner, as a spreadsheet shows it. The calculation itself keeps full precision.
- `ore`: how an amount computed from nights and rates is reported — half up to øre. Sums are
  taken at full precision and rounded once, so a total may differ by an øre from the sum of its
  rounded parts.
- `tenths`: budgeted nights (places × occupancy × the month's share of the year) are shown half
  up to one decimal.
"""

from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
HUNDRED = Decimal("100")
_KRONE = Decimal("1")
_ORE = Decimal("0.01")
_TENTH = Decimal("0.1")


def whole_kroner(amount: Decimal) -> Decimal:
    return amount.quantize(_KRONE, rounding=ROUND_HALF_UP)


def ore(amount: Decimal) -> Decimal:
    return amount.quantize(_ORE, rounding=ROUND_HALF_UP)


def percent(pct: Decimal) -> Decimal:
    """A percentage as entered (0.30 means 0.30 %) as a fraction (0.0030)."""
    return pct / HUNDRED


def tenths(value: Decimal) -> Decimal:
    return value.quantize(_TENTH, rounding=ROUND_HALF_UP)
