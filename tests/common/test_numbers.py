"""Numbers and kroner shown and read the Danish way, through Django's localisation."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hjemvej.common import numbers


def test_amounts_are_shown_the_danish_way_rounded_half_up():
    assert numbers.kroner(Decimal("3916262.5")) == "3.916.263 kr."
    assert numbers.kroner(Decimal("-1125000")) == "-1.125.000 kr."
    assert numbers.kroner_ore(Decimal("1095.505")) == "1.095,51 kr."
    assert numbers.kroner_ore(0) == "0,00 kr."
    assert numbers.percent(Decimal("0.3")) == "0,30 %"
    assert numbers.number(Decimal("12345.65"), 1) == "12.345,7"


def test_report_and_progression_figures_use_a_real_minus_sign():
    assert numbers.number(Decimal("-2"), 1, true_minus=True) == "−2,0"
    assert numbers.number(Decimal("0.5"), 1, signed=True, true_minus=True) == "+0,5"
    assert numbers.number(Decimal("-1234.5"), 1, true_minus=True) == "−1.234,5"


def test_stored_values_are_shown_as_typed():
    assert numbers.as_typed(Decimal("2832500")) == "2.832.500"
    assert numbers.as_typed(Decimal("2832500"), grouped=False) == "2832500"
    assert numbers.as_typed(Decimal("0.30")) == "0,3"
    assert numbers.as_typed(Decimal("8497.50")) == "8.497,5"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2.832.500", Decimal("2832500")),
        ("2832500", Decimal("2832500")),
        ("8.497,5", Decimal("8497.5")),
        ("0,30", Decimal("0.30")),
        ("0.30", Decimal("0.30")),
        ("1.095,50 kr.", Decimal("1095.50")),
        ("45,5 %", Decimal("45.5")),
        ("−2,0", Decimal("-2.0")),
        ("\u00a01 234", Decimal("1234")),
    ],
)
def test_typed_numbers_are_read(text, value):
    assert numbers.parse_number(text) == value


def test_not_a_number_is_refused_in_danish():
    with pytest.raises(ValidationError) as exc:
        numbers.parse_number("<5")
    assert exc.value.messages == ["»<5« er ikke et tal."]
    with pytest.raises(ValidationError):
        numbers.parse_number("NaN")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False),
    st.integers(0, 3),
)
def test_a_shown_number_reads_back_as_the_rounded_value(value, places):
    shown = numbers.number(value, places, true_minus=True)
    assert numbers.parse_number(shown) == numbers.rounded(value, places)
