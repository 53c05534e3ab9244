import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from hjemvej.people import cpr


def test_thirty_first_of_november_is_refused_in_danish():
    with pytest.raises(ValidationError) as exc:
        cpr.clean_cpr("3113991234")
    assert "gyldig fødselsdato" in exc.value.messages[0]


def test_century_is_read_from_the_seventh_digit():
    assert cpr.birth_date("0101504123") == datetime.date(2050 - 100, 1, 1)  # 4 with 50: 1950
    assert cpr.birth_date("0101104123") == datetime.date(2010, 1, 1)  # 4 with 10: 2010
    assert cpr.birth_date("0101651234") == datetime.date(1965, 1, 1)
    assert cpr.birth_date("0101705123") == datetime.date(1870, 1, 1)  # 5 with 70: 1870


def test_numbers_after_2007_need_not_pass_modulus_eleven():
    number = "0101101235"  # born 2010, fails the old modulus-11 check
    assert (
        sum(w * int(n) for w, n in zip((4, 3, 2, 7, 6, 5, 4, 3, 2, 1), number, strict=True)) % 11
        != 0
    )
    assert cpr.clean_cpr(number) == number


def test_future_birth_date_message_is_danish():
    with pytest.raises(ValidationError) as exc:
        cpr.clean_cpr("0101354123")  # born 2035
    assert exc.value.messages == ["Fødselsdatoen i CPR-nummeret ligger i fremtiden."]


@pytest.mark.parametrize(
    "value,fragment", [("12345", "10 cifre"), ("abcdefghij", "10 cifre"), ("", "Skriv")]
)
def test_bad_formats_get_danish_messages(value, fragment):
    with pytest.raises(ValidationError) as exc:
        cpr.clean_cpr(value)
    assert fragment in exc.value.messages[0]


def test_dash_and_spaces_are_accepted():
    assert cpr.clean_cpr(" 020371-1013 ") == "0203711013"


def test_mask_keeps_only_the_birth_date():
    assert cpr.mask("0203711013") == "020371-xxxx"


@given(
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(1999, 12, 31)),
    st.integers(0, 999),
)
def test_every_twentieth_century_date_round_trips(day, serial):
    number = f"{day:%d%m%y}{serial % 4}{serial % 100:02d}{serial % 10}"
    assert cpr.birth_date(cpr.clean_cpr(number)) == day
