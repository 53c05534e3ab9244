"""CPR numbers, validated with python-stdnum.

Since 2007 CPR numbers no longer need to pass the modulus-11 check, so only the format and
the birth date (with the century read from the 7th digit) are checked.
"""

import datetime

from django.core.exceptions import ValidationError
from stdnum import exceptions as stdnum_exceptions
from stdnum.dk import cpr as stdnum_cpr


def clean_cpr(value: str) -> str:
    """Return the CPR number as 10 digits, or raise ValidationError with a Danish message."""
    raw = (value or "").strip()
    compact = stdnum_cpr.compact(raw)
    if not compact:
        raise ValidationError("Skriv CPR-nummeret.", code="required")
    if not compact.isdigit():
        raise ValidationError("Et CPR-nummer består af 10 cifre, fx 010190-1234.", code="format")
    if len(compact) != 10:
        raise ValidationError(
            "Et CPR-nummer har 10 cifre – der er %(n)d.", code="length", params={"n": len(compact)}
        )
    try:
        stdnum_cpr.get_birth_date(compact)
    except stdnum_exceptions.InvalidComponent:
        raise ValidationError(
            "CPR-nummeret indeholder ikke en gyldig fødselsdato (dag og måned findes ikke).",
            code="date",
        ) from None
    try:
        return stdnum_cpr.validate(compact)
    except stdnum_exceptions.InvalidComponent:
        raise ValidationError(
            "Fødselsdatoen i CPR-nummeret ligger i fremtiden.", code="future"
        ) from None
    except stdnum_exceptions.ValidationError:
        raise ValidationError("CPR-nummeret er ikke gyldigt.", code="invalid") from None


def birth_date(cpr: str) -> datetime.date:
    return stdnum_cpr.get_birth_date(cpr)


def legal_gender(cpr: str) -> str:
    """The CPR number's legal gender marker: an odd last digit is male, even female."""
    return "male" if int(cpr[-1]) % 2 else "female"


def mask(cpr: str) -> str:
    """A CPR number as it may stand in a log or a search criterion: birth date only."""
    compact = stdnum_cpr.compact(cpr or "")
    return f"{compact[:6]}-xxxx" if len(compact) >= 6 else "xxxxxx-xxxx"


def looks_like_cpr(text: str) -> bool:
    compact = stdnum_cpr.compact(text or "")
    return compact.isdigit() and 6 <= len(compact) <= 10


def display(cpr: str) -> str:
    return stdnum_cpr.format(cpr)
