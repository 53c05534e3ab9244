"""Issue 13: audited reads of concurrent users do not queue behind one lock. Eight threads, each
with its own PostgreSQL connection, write audit rows in transactions that stay open a while (as a
page does while it renders); with lanes they overlap, with one lane they queue. The chains
verify afterwards."""

import threading
import time

import pytest
from django.db import connection, transaction

from hjemvej.audit.models import Action, AuditEntry
from hjemvej.audit.services import log_event, verify_chain
from tests.audit_tools import ON_POSTGRES

pytestmark = [
    pytest.mark.skipif(
        not ON_POSTGRES, reason="Kun PostgreSQL: tråde mod en rigtig databaseserver"
    ),
    pytest.mark.django_db(transaction=True),
]
THREADS = 8
HOLD = 0.4  # seconds each transaction stays open after writing its row


def _run_threads(citizen) -> float:
    """Seconds from the first page's start to the last page's commit."""
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []
    starts: list[float] = []
    commits: list[float] = []

    def page(n: int) -> None:
        try:
            connection.ensure_connection()
            barrier.wait()
            starts.append(time.monotonic())
            with transaction.atomic():
                log_event(action=Action.READ, summary=f"side {n}", citizen=citizen)
                time.sleep(HOLD)  # the rest of the page, inside the same transaction
            commits.append(time.monotonic())
            for i in range(10):
                log_event(action=Action.READ, summary=f"side {n} opslag {i}", citizen=citizen)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=page, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return max(commits) - min(starts)


def test_eight_concurrent_writers_proceed_in_parallel_and_the_chains_verify(
    citizen_ishoj, settings
):
    settings.AUDIT_LANES = 8
    elapsed = _run_threads(citizen_ishoj)
    assert AuditEntry.objects.count() == THREADS * 11
    first_rows = AuditEntry.objects.filter(summary__regex=r"^side \d+$")
    assert first_rows.values("lane").distinct().count() == THREADS  # each in its own lane
    assert elapsed < 2 * HOLD, f"{elapsed:.2f} s: the writers queued"
    result = verify_chain()
    assert result.ok, result.problems
    assert (result.checked, result.lanes) == (THREADS * 11, THREADS)


def test_with_one_lane_the_same_writers_queue(citizen_ishoj, settings):
    # The old design, for comparison: one chain, one lock.
    settings.AUDIT_LANES = 1
    elapsed = _run_threads(citizen_ishoj)
    assert elapsed >= THREADS * HOLD * 0.95
    assert verify_chain().ok
