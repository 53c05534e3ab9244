"""Speed of the foundation's hot paths: `make bench` (not part of `make test`)."""

import pytest
from django.test import Client

from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event, verify_chain
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_citizens(ishoj):
    CitizenFactory.create_batch(2000, acting_municipality=ishoj)


def test_bench_search_page_with_2000_citizens(benchmark, caseworker_ishoj, many_citizens):
    client = Client()
    client.force_login(caseworker_ishoj)
    response = benchmark(client.get, "/borgere/", {"q": "Hansen"})  # 500 hits, one page shown
    assert response.status_code == 200


def test_bench_audit_write(benchmark, citizen_ishoj):
    benchmark(
        log_event, action=Action.READ, summary="opslag", citizen=citizen_ishoj, purpose="benchmark"
    )


def test_bench_verify_chain_of_5000_rows(benchmark, citizen_ishoj):
    for _ in range(5000):
        log_event(action=Action.READ, summary="opslag", citizen=citizen_ishoj)
    result = benchmark.pedantic(verify_chain, rounds=3)
    assert result.ok
