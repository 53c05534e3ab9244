"""Speed of the running-year counter: a year's reimbursement of 60,000 §110 stays (about 2.6
million nights), pure Python, no database. `make bench` (not part of `make test`).

Issue 13's target: all §110 stays of a year (65,000 stays, 2.8 million nights) in at most 2 s."""

import datetime
import random
from decimal import Decimal

from hjemvej.economics.reimbursement import Stay, compute_reimbursement
from tests.economics.law import LAW


def synthetic_year(n: int, seed: int = 2025) -> list[Stay]:
    """`n` stays of citizens with one to three stays each, 1 to 86 nights (about 43 on
    average), around 2025 and across the 90-night limit of 1.4.2026."""
    rng = random.Random(seed)
    stays: list[Stay] = []
    citizen = 0
    while len(stays) < n:
        citizen += 1
        day = datetime.date(2024, 9, 1) + datetime.timedelta(days=rng.randint(0, 600))
        for _ in range(rng.randint(1, 3)):
            end = day + datetime.timedelta(days=rng.randint(1, 86))
            stays.append(Stay(str(citizen), "110", day, end, Decimal(1788), Decimal(100)))
            day = end + datetime.timedelta(days=rng.randint(1, 60))
    return stays[:n]


def test_bench_reimbursement_of_60000_stays(benchmark):
    stays = synthetic_year(60_000)
    result = benchmark.pedantic(compute_reimbursement, args=(stays, LAW), rounds=3)
    assert result.totals.nights == sum(s.nights for s in stays) > 2_500_000
    assert 0 < result.totals.reimbursed_nights < result.totals.nights
