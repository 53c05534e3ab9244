"""The overall functional level of an assessment (plans.rules.overall_level) and the latest
assessment's level per citizen (plans.selectors.latest_levels)."""

import datetime

import pytest

from hjemvej.plans import rules
from hjemvej.plans.selectors import latest_levels
from tests.factories import CitizenFactory
from tests.levels import assess


def test_mean_of_assessed_levels_rounded_half_up():
    assert rules.overall_level([]) is None
    assert rules.overall_level([2]) == 2
    assert rules.overall_level([1, 2]) == 2  # 1.5 → 2
    assert rules.overall_level([1, 1, 2]) == 1  # 1.33 → 1
    assert rules.overall_level([3, 4, 4, 4]) == 4  # 3.75 → 4


@pytest.mark.django_db
def test_latest_assessment_wins_and_not_assessed_is_none(
    ballerup, ballerup_authority, caseworker_ballerup
):
    a, b, c = (CitizenFactory(acting_municipality=ballerup) for _ in range(3))
    assess(a, 3, unit=ballerup_authority, user=caseworker_ballerup, on=datetime.date(2024, 1, 1))
    assess(a, 1, unit=ballerup_authority, user=caseworker_ballerup, on=datetime.date(2025, 1, 1))
    assess(b, None, unit=ballerup_authority, user=caseworker_ballerup)
    levels = latest_levels([a.pk, b.pk, c.pk])
    assert levels[a.pk].level == 1 and levels[a.pk].assessed_on == datetime.date(2025, 1, 1)
    assert levels[b.pk].level is None
    assert c.pk not in levels
    assert latest_levels([a.pk], on=datetime.date(2024, 6, 1))[a.pk].level == 3
