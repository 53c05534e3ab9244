import importlib
from decimal import Decimal as D

import pytest
from django.apps import apps

from hjemvej.accounts.models import Role, Unit
from hjemvej.economics.models import CostSheet
from tests.factories import UnitFactory, UserFactory, member


@pytest.fixture
def ballerup_youth_housing(ballerup):
    return UnitFactory(
        municipality=ballerup,
        kind=Unit.Kind.OFFER,
        name="Ungebolig og træning",
        slug="ballerup-ungebolig",
    )


@pytest.fixture
def manager_ballerup(ballerup_authority, ballerup_youth_housing):
    user = UserFactory(username="leder.ballerup", first_name="Karen", last_name="Vestergaard")
    member(user, ballerup_authority, Role.MANAGER)
    return member(user, ballerup_youth_housing, Role.MANAGER)


@pytest.fixture
def analyst_ballerup(ballerup_authority):
    return member(UserFactory(username="analytiker.ballerup"), ballerup_authority, Role.ANALYST)


@pytest.fixture
def youth_sheet(ballerup_youth_housing):
    return CostSheet.objects.create(
        unit=ballerup_youth_housing,
        budget_year=2022,
        salaries=D("2832500"),
        other=D("747000"),
        supervision_fee=D("35000"),
        salary_pools_pct=D("0.30"),
        maintenance_pct=D("2.00"),
        indirect_pct=D("6.0"),
        places=6,
        occupancy_pct=D("100"),
    )


YOUTH_PAYLOAD = {
    "salaries": "2832500",
    "other": "747000",
    "external_treatment": "0",
    "expected_income": "0",
    "supervision_fee": "35000",
    "salary_pools_pct": "0.30",
    "maintenance_pct": "2.00",
    "indirect_pct": "6.0",
    "computed_costs": "0",
    "price_adjustment": "0",
    "places": 6,
    "occupancy_pct": "100",
}


@pytest.fixture
def law_rules(db):
    """The reimbursement rules as the data migration seeds them (for transactional tests, whose
    flush between tests empties the table)."""
    seed = importlib.import_module("hjemvej.economics.migrations.0002_seed_reimbursement_rules")
    seed.seed(apps, None)
