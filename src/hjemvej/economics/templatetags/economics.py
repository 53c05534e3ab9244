from decimal import Decimal

from django import template

from hjemvej.common.numbers import number
from hjemvej.economics.money import ore, tenths, whole_kroner

register = template.Library()


def _danish(value: Decimal, decimals: int) -> str:
    return number(value, decimals)


@register.filter
def kr_ore(value) -> str:
    """82.350,00 kr. — amounts computed from nights and rates, shown to the øre."""
    if value is None or value == "":
        return ""
    return _danish(ore(Decimal(value)), 2) + " kr."


@register.filter
def kroner(value) -> str:
    """3.916.263 kr. — rounded half up to whole kroner (money.whole_kroner)."""
    if value is None or value == "":
        return ""
    return _danish(whole_kroner(Decimal(value)), 0) + " kr."


@register.filter
def nights(value) -> str:
    """186,0 — budgeted nights, half up to one decimal (money.tenths)."""
    if value is None or value == "":
        return ""
    return _danish(tenths(Decimal(value)), 1)


@register.filter
def pct(value) -> str:
    if value is None or value == "":
        return ""
    return _danish(Decimal(value), 2) + " %"


@register.filter
def month_da(value) -> str:
    months = [
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ]
    if isinstance(value, tuple):
        year, month = value
    else:
        year, month = value.year, value.month
    return f"{months[month - 1]} {year}"
