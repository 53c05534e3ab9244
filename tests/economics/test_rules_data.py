"""The rules live in the database (seeded by a migration) and load into plain rule objects."""

import datetime
from decimal import Decimal as D

import pytest

from hjemvej.economics.models import ReimbursementRule
from hjemvej.economics.reimbursement import Stay, running_year_status
from hjemvej.economics.selectors import reimbursement_rules
from tests.economics.law import LAW

pytestmark = pytest.mark.django_db


def test_the_migration_seeds_exactly_the_rules_the_pure_tests_use():
    assert sorted(reimbursement_rules(), key=repr) == sorted(LAW, key=repr)


def test_a_new_rule_is_a_new_row_and_needs_no_code_change():
    ReimbursementRule.objects.filter(section="110", valid_to__isnull=True).update(
        valid_to=datetime.date(2027, 1, 1)
    )
    ReimbursementRule.objects.create(
        section="110",
        kind="running_year",
        name="Tænkt regel fra 1.1.2027: 60 nætter",
        valid_from=datetime.date(2027, 1, 1),
        share=D("0.50"),
        limit_nights=60,
    )
    from hjemvej.economics.reimbursement import compute_reimbursement

    stay = Stay("A", "110", datetime.date(2027, 1, 1), datetime.date(2027, 6, 1), D("1000"))
    result = compute_reimbursement([stay], reimbursement_rules())
    assert result.totals.reimbursed_nights == 60


def test_running_year_status_reads_the_rules_from_the_database():
    status = running_year_status(
        [(datetime.date(2026, 5, 1), None)], datetime.date(2026, 7, 18), reimbursement_rules()
    )
    assert (status.reimbursed, status.nights_left, status.limit) == (78, 12, 90)
