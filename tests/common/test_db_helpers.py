"""common.db's helpers for large lists: a count that stops at a cap, and a list of ids bound as
one parameter. The same answers on SQLite and PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hjemvej.common.db import InIds, capped_count
from hjemvej.people.models import Citizen
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def test_capped_count_counts_no_further_than_the_cap_in_one_query(ishoj):
    for _ in range(7):
        CitizenFactory(acting_municipality=ishoj)
    citizens = Citizen.objects.filter(acting_municipality=ishoj).select_related(
        "acting_municipality"
    )
    with CaptureQueriesContext(connection) as ctx:
        assert capped_count(citizens, 5) == 5
    assert len(ctx.captured_queries) == 1
    assert "LIMIT 5" in ctx.captured_queries[0]["sql"]
    assert capped_count(citizens, 50) == 7
    assert capped_count(citizens.distinct(), 50) == 7
    assert capped_count(citizens.none(), 50) == 0


def test_in_ids_is_in_with_one_parameter_on_postgresql(ishoj):
    made = [CitizenFactory(acting_municipality=ishoj) for _ in range(4)]
    ids = [c.pk for c in made[:3]]
    with CaptureQueriesContext(connection) as ctx:
        found = set(Citizen.objects.filter(InIds("id", ids)).values_list("id", flat=True))
    assert found == set(ids)
    if connection.vendor == "postgresql":
        assert "= ANY(" in ctx.captured_queries[0]["sql"]
    assert not Citizen.objects.filter(InIds("id", [])).exists()
    # In a combination with other conditions, and negated.
    assert Citizen.objects.filter(InIds("id", ids), acting_municipality=ishoj).count() == 3
    assert list(Citizen.objects.exclude(InIds("id", ids)).values_list("id", flat=True)) == [
        made[3].pk
    ]
