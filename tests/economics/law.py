"""The rules as the data migration seeds them, as plain objects for the database-free tests.
tests/economics/test_rules_data.py checks that the database holds exactly these."""

import datetime
from decimal import Decimal

from hjemvej.economics.reimbursement import AFTER_DISCHARGE, RUNNING_YEAR, WHOLE_STAY, Rule

HALF = Decimal("0.50")
REFORM = datetime.date(2023, 10, 1)
APRIL_2026 = datetime.date(2026, 4, 1)

LAW = (
    Rule(
        "110",
        WHOLE_STAY,
        datetime.date(1900, 1, 1),
        REFORM,
        HALF,
        "§110 før reformen: hele opholdet",
    ),
    Rule(
        "110",
        RUNNING_YEAR,
        REFORM,
        APRIL_2026,
        HALF,
        "§110 fra 1.10.2023: 120 nætter pr. løbende år",
        limit_nights=120,
    ),
    Rule(
        "110",
        RUNNING_YEAR,
        APRIL_2026,
        None,
        HALF,
        "§110 fra 1.4.2026: 90 nætter pr. løbende år",
        limit_nights=90,
    ),
    Rule(
        "85a",
        AFTER_DISCHARGE,
        REFORM,
        None,
        HALF,
        "§176a: §85a-bostøtte i 2 år efter udskrivning",
        window_months=24,
        requires_decision=True,
    ),
    Rule(
        "107",
        AFTER_DISCHARGE,
        REFORM,
        None,
        HALF,
        "§176a: §107-ophold i op til 6 måneder inden for 1 år",
        window_months=12,
        cap_months=6,
    ),
)
