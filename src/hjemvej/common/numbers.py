"""Numbers and kroner the Danish way (3.916.263 kr., 1.095,50 kr., 45,50 %), shown and read in
one place through Django's localisation: the separators come from the project's Danish format
module (common/formats/da), not from hand-written string replacements.

Rounding for display is half up, as a spreadsheet shows it (economics.money states which
amounts are rounded to whole kroner and which to øre). Django's own `number_format` cuts
surplus decimals instead of rounding, so every number is rounded here first.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.formats import get_format, number_format

MINUS = "−"  # U+2212, for reports and progression figures


def rounded(value: Decimal | int | float | str, places: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def number(
    value: Decimal | int | float | str,
    places: int = 0,
    *,
    signed: bool = False,
    true_minus: bool = False,
    grouped: bool = True,
) -> str:
    """12.345,6: rounded half up to `places` decimals, thousands grouped (unless not
    `grouped`). `signed` puts a plus before a positive number (and zero); `true_minus` writes
    a negative one with a real minus sign (−) instead of a hyphen."""
    q = rounded(value, places)
    text = number_format(abs(q), places, force_grouping=grouped)
    if q < 0:
        return (MINUS if true_minus else "-") + text
    return ("+" if signed else "") + text


def as_typed(value: Decimal, *, grouped: bool = True) -> str:
    """A stored Decimal as a person would type it back into a field: 2.832.500 or 0,3 (all its
    decimals, no trailing zeros)."""
    exponent = value.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return number(value, places, grouped=grouped)


def kroner(value: Decimal | int | float | str) -> str:
    """3.916.263 kr. — whole kroner, half up."""
    return number(value, 0) + " kr."


def kroner_ore(value: Decimal | int | float | str) -> str:
    """1.095,50 kr. — to the øre, half up."""
    return number(value, 2) + " kr."


def percent(value: Decimal | int | float | str, places: int = 2) -> str:
    """45,50 % (the value is already a percentage)."""
    return number(value, places) + " %"


def parse_number(text: str, *, thousands: bool = True) -> Decimal:
    """What a person types, as a Decimal: '2.832.500', '2832500', '8.497,5', '0,30', '0.30',
    '1.095,50 kr.' or '45,5 %'. With a decimal comma, points are thousands separators; without
    one, a point is a decimal point unless the number is grouped in threes (2.832.500) and
    `thousands` allows that reading."""
    decimal_sep = get_format("DECIMAL_SEPARATOR")
    thousand_sep = get_format("THOUSAND_SEPARATOR")
    s = re.sub(r"\s|kr\.?$|%$", "", text.strip().replace("\u00a0", "")).replace(MINUS, "-")
    if decimal_sep in s:
        s = s.replace(thousand_sep, "").replace(decimal_sep, ".")
    elif thousands and re.fullmatch(rf"-?\d{{1,3}}({re.escape(thousand_sep)}\d{{3}})+", s):
        s = s.replace(thousand_sep, "")
    try:
        value = Decimal(s)
    except InvalidOperation as exc:
        raise ValidationError(f"»{text.strip()}« er ikke et tal.") from exc
    if not value.is_finite():
        raise ValidationError(f"»{text.strip()}« er ikke et tal.")
    return value
