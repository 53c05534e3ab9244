"""The cost sheet → daily rate, with DOMAIN.md §4's youth-housing sheet as the worked example."""

from dataclasses import replace
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from hjemvej.economics.money import ore, tenths, whole_kroner
from hjemvej.economics.rates import CostSheetInput, compute_rate

YOUTH_HOUSING_2022 = CostSheetInput(
    salaries=D("2832500"),
    other=D("747000"),
    external_treatment=D("0"),
    expected_income=D("0"),
    supervision_fee=D("35000"),
    salary_pools_pct=D("0.30"),
    maintenance_pct=D("2.00"),
    indirect_pct=D("6.0"),
    computed_costs=D("0"),
    price_adjustment=D("0"),
    places=6,
    occupancy_pct=D("100"),
)


def shown(result) -> dict[str, D]:
    return {line.key: line.shown for line in result.lines}


def test_youth_housing_sheet_gives_3916263_kr_and_1788_kr_per_day():
    result = compute_rate(YOUTH_HOUSING_2022)
    assert result.total_shown == D("3916263")
    assert result.daily_rate_shown == D("1788")


def test_youth_housing_sheet_shows_every_line_as_the_municipality_does():
    lines = shown(compute_rate(YOUTH_HOUSING_2022))
    assert lines["operating_budget"] == D("3579500")
    assert lines["with_supervision"] == D("3614500")
    assert lines["salary_pools"] == D("8498")  # 8,497.50 shown half up
    assert lines["maintenance"] == D("71590")
    assert lines["direct_costs"] == D("3694588")  # 3,694,587.50
    assert lines["indirect_costs"] == D("221675")  # 221,675.25
    assert lines["computed_costs"] == D("0")
    assert lines["total"] == D("3916263")


def test_lines_are_computed_from_full_precision_not_from_the_rounded_lines_above():
    result = compute_rate(YOUTH_HOUSING_2022)
    exact = {line.key: line.amount for line in result.lines}
    assert exact["direct_costs"] == D("3694587.5")
    # From the rounded direct costs (3,694,588) indirect costs would be 221,675.28.
    assert exact["indirect_costs"] == D("221675.25")
    assert exact["total"] == D("3916262.75")


def test_daily_rate_is_total_over_places_times_occupancy_times_365():
    result = compute_rate(YOUTH_HOUSING_2022)
    assert result.daily_rate == D("3916262.75") / (6 * 365)
    half_full = compute_rate(replace(YOUTH_HOUSING_2022, occupancy_pct=D("50")))
    assert half_full.daily_rate == result.daily_rate * 2


def test_adult_housing_first_sheet_has_5_percent_indirect_and_no_supervision():
    sheet = replace(YOUTH_HOUSING_2022, supervision_fee=D("0"), indirect_pct=D("5"))
    lines = shown(compute_rate(sheet))
    assert lines["with_supervision"] == lines["operating_budget"]
    assert lines["indirect_costs"] == D("182979")  # 5 % of 3,659,587.50


def test_expected_income_is_subtracted_and_external_treatment_added():
    sheet = replace(YOUTH_HOUSING_2022, external_treatment=D("100000"), expected_income=D("20000"))
    assert shown(compute_rate(sheet))["operating_budget"] == D("3659500")


def test_computed_costs_and_price_adjustment_are_added_to_the_total():
    sheet = replace(YOUTH_HOUSING_2022, computed_costs=D("50000"), price_adjustment=D("12000"))
    assert compute_rate(sheet).total == D("3916262.75") + 62000


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"places": 0}, "places"),
        ({"occupancy_pct": D("0")}, "occupancy_pct"),
        ({"occupancy_pct": D("101")}, "occupancy_pct"),
        ({"salaries": D("-1")}, "salaries"),
        ({"indirect_pct": D("150")}, "indirect_pct"),
    ],
)
def test_impossible_inputs_are_refused_with_the_field_named(change, field):
    with pytest.raises(ValidationError) as exc:
        compute_rate(replace(YOUTH_HOUSING_2022, **change))
    assert field in exc.value.message_dict


@pytest.mark.parametrize(
    ("amount", "kroner", "in_ore"),
    [
        (D("8497.5"), D("8498"), D("8497.50")),
        (D("8497.49"), D("8497"), D("8497.49")),
        (D("0.005"), D("0"), D("0.01")),
        (D("-2.5"), D("-3"), D("-2.50")),
        (D("1788.2478"), D("1788"), D("1788.25")),
    ],
)
def test_rounding_rules_are_half_up(amount, kroner, in_ore):
    assert whole_kroner(amount) == kroner
    assert ore(amount) == in_ore


def test_budgeted_nights_are_shown_half_up_to_one_decimal():
    assert tenths(D("147.25")) == D("147.3")
    assert tenths(D("186")) == D("186.0")
