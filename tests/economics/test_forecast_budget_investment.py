"""Forecast, budget against actual and the SØM investment case (pure functions)."""

import datetime
from dataclasses import replace
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from hjemvej.economics.budget import budget_against_actual
from hjemvej.economics.forecast import StayInput, forecast
from hjemvej.economics.investment import InvestmentInput, compute_investment, horizon_note
from hjemvej.economics.rates import compute_rate
from tests.economics.law import LAW
from tests.economics.test_rates import YOUTH_HOUSING_2022

START = datetime.date(2026, 6, 1)


def test_forecast_nobody_moves_counts_twelve_months_net_of_reimbursement():
    # Admitted 1.6.2026 with a fresh running year: 90 reimbursed nights of 365.
    stays = [StayInput("A", START, None, D("1000"), D("100"))]
    result = forecast(stays, start=START, move_after_nights=30, support_per_day=D("400"), rules=LAW)
    a = result.stay_as_is.totals
    assert (a.nights, a.reimbursed_nights) == (365, 90)
    assert a.net == D("365000") - D("36500") - 90 * D("450")
    assert len(result.month_starts) == 12
    assert sum(m.net for m in result.stay_as_is.months) == a.net


def test_forecast_moving_after_30_nights_pays_support_with_176a_reimbursement():
    stays = [StayInput("A", START, None, D("1000"), D("100"))]
    result = forecast(stays, start=START, move_after_nights=30, support_per_day=D("400"), rules=LAW)
    b = result.move_out.totals
    shelter_net = 30 * D("1000") - 30 * D("100") - 30 * D("450")
    support_net = 335 * D("400") - 335 * D("200")
    assert b.net == shelter_net + support_net
    assert result.saving == result.stay_as_is.totals.net - b.net
    assert result.saving > 0


def test_forecast_counts_earlier_stays_for_the_running_year_but_not_their_cost():
    earlier = StayInput("A", datetime.date(2026, 4, 1), datetime.date(2026, 6, 1), D("1000"))
    current = StayInput("A", START, None, D("1000"))
    result = forecast(
        [earlier, current], start=START, move_after_nights=0, support_per_day=D("0"), rules=LAW
    )
    # The running year began 1.4.2026 and 61 nights used it: 29 are left in June 2026. A new
    # running year starts 1.4.2027 and reimburses April and May 2027.
    months = result.stay_as_is.months
    assert months[0].reimbursed_nights == 29
    assert sum(m.reimbursed_nights for m in months[1:10]) == 0
    assert months[10].reimbursed_nights == 30 and months[11].reimbursed_nights == 31
    assert result.stay_as_is.totals.nights == 365


def test_forecast_leaves_ended_stays_out_of_the_horizon():
    ended = StayInput("B", datetime.date(2026, 1, 1), datetime.date(2026, 3, 1), D("1000"))
    result = forecast(
        [ended], start=START, move_after_nights=10, support_per_day=D("400"), rules=LAW
    )
    assert result.stay_as_is.totals.nights == 0
    assert result.move_out.totals.nights == 0


def test_forecast_refuses_negative_nights():
    with pytest.raises(ValidationError) as exc:
        forecast([], start=START, move_after_nights=-1, support_per_day=D("1"), rules=LAW)
    assert "move_after_nights" in exc.value.message_dict


def test_budget_against_actual_uses_the_billed_daily_rate_and_days_of_the_month():
    sheet = compute_rate(YOUTH_HOUSING_2022)
    stays = [
        StayInput("A", datetime.date(2022, 1, 1), None, D("1788")),
        StayInput("B", datetime.date(2022, 1, 11), datetime.date(2022, 2, 11), D("1788")),
    ]
    result = budget_against_actual(sheet, 2022, stays, as_of=datetime.date(2022, 3, 1))
    january, february, march = result.months[:3]
    assert january.occupied_nights == 31 + 21
    assert january.actual == 52 * D("1788")
    assert january.budget == sheet.total * 31 / 365
    assert february.occupied_nights == 28 + 10
    assert march.counted is False and march.occupied_nights == 0
    assert result.budget_to_date == pytest.approx(sheet.total * 59 / 365)
    assert result.actual == (52 + 38) * D("1788")
    assert sum(m.budget for m in result.months) == pytest.approx(sheet.total)


def test_ballerups_som_table_typed_as_printed_gives_its_numbers():
    # DOMAIN.md §4: SØM prints each effect line as the total over the 3 effect years.
    data = InvestmentInput(
        participants=15,
        years=3,
        amounts={
            "added_costs": {"municipality": D("163609")},
            "fallen_costs": {"municipality": D("115600")},
            "effect_new_costs": {"municipality": D("4268")},
            "effect_fallen_costs": {"municipality": D("47527")},
        },
    )
    result = compute_investment(data)
    per = result.per_citizen["total"]
    assert (per.intervention, per.effect, per.net) == (D("48009"), D("-43259"), D("4750"))
    total = result.total["total"]
    assert (total.intervention, total.effect, total.net) == (
        D("720135"),
        D("-648885"),
        D("71250"),
    )


def test_effects_typed_per_year_are_multiplied_by_the_horizon_only_when_chosen():
    amounts = {
        "effect_new_costs": {"municipality": D("4268")},
        "effect_fallen_costs": {"municipality": D("47527")},
    }
    as_printed = compute_investment(InvestmentInput(15, 3, amounts))
    per_year = compute_investment(InvestmentInput(15, 3, amounts, effects_entry="per_year"))
    assert as_printed.per_citizen["total"].effect == D("-43259")
    assert per_year.per_citizen["total"].effect == D("-129777")
    assert "ikke ganget" in horizon_note("total", 3)
    assert "ganget med tidshorisonten på 3 år" in horizon_note("per_year", 3)


def test_investment_case_per_citizen_and_total_by_sector():
    data = InvestmentInput(
        participants=15,
        years=3,
        effects_entry="per_year",
        amounts={
            "added_costs": {"municipality": D("60000")},
            "fallen_costs": {"municipality": D("10000")},
            "effect_new_costs": {"municipality": D("5000"), "region": D("2000")},
            "effect_fallen_costs": {
                "municipality": D("40000"),
                "region": D("8000"),
                "state": D("12000"),
            },
        },
    )
    result = compute_investment(data)
    m = result.per_citizen["municipality"]
    assert (m.intervention, m.effect, m.net) == (D("50000"), D("-105000"), D("-55000"))
    assert result.per_citizen["region"].net == D("-18000")
    assert result.per_citizen["state"].net == D("-36000")
    assert result.per_citizen["total"].net == D("-109000")
    assert result.total["total"].net == D("-1635000")  # × 15: income
    assert result.total["municipality"].intervention == D("750000")


@pytest.mark.parametrize(
    ("change", "field"),
    [({"participants": 0}, "participants"), ({"years": 11}, "years")],
)
def test_investment_case_refuses_impossible_inputs(change, field):
    data = replace(InvestmentInput(participants=1, years=3, amounts={}), **change)
    with pytest.raises(ValidationError) as exc:
        compute_investment(data)
    assert field in exc.value.message_dict
