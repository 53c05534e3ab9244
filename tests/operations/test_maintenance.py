"""The worker's scheduled maintenance: each job runs when due, once per period however many
workers there are, and leaves a heartbeat."""

import datetime
import threading

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from hjemvej.accounts.models import ApiToken
from hjemvej.audit import anchors
from hjemvej.audit.models import Action, AuditEntry
from hjemvej.audit.services import log_event
from hjemvej.ops.maintenance import JOBS, run_due
from hjemvej.ops.models import MaintenanceJob, WorkerHeartbeat
from hjemvej.ops.tasks import maintenance, schedule
from tests.audit_tools import ON_POSTGRES, trigger_off
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NAMES = {
    "reminders",
    "audit_anchor",
    "audit_prune",
    "task_results",
    "sessions",
    "api_tokens",
    "retention",
}


def test_every_job_runs_once_when_due_and_books_its_next_run(citizen_ishoj):
    log_event(action=Action.READ, summary="opslag", citizen=citizen_ishoj)
    now = timezone.now()
    done = run_due(worker="vaert-a:1", now=now)
    assert set(done) == NAMES == {job.name for job in JOBS}
    assert done["audit_anchor"] == "anker skrevet"
    assert run_due(worker="vaert-b:2", now=now + datetime.timedelta(seconds=1)) == {}
    anchor_job = MaintenanceJob.objects.get(name="audit_anchor")
    assert anchor_job.next_run_at == now + datetime.timedelta(minutes=5)
    assert (anchor_job.runs, anchor_job.last_worker) == (1, "vaert-a:1")
    later = run_due(worker="vaert-b:2", now=now + datetime.timedelta(minutes=5))
    assert set(later) == {"reminders", "audit_anchor"}
    assert later["audit_anchor"] == "kæden uændret"  # nothing new to anchor
    assert WorkerHeartbeat.objects.count() == 2


def test_the_jobs_clear_what_has_expired(citizen_ishoj):
    now = timezone.now()
    user = UserFactory()
    old = now - datetime.timedelta(days=2)
    ApiToken.objects.create(user=user, key_hash="a" * 64, prefix="a", expires_at=old)
    ApiToken.objects.create(
        user=user,
        key_hash="b" * 64,
        prefix="b",
        expires_at=now + datetime.timedelta(hours=1),
        revoked_at=old,
    )
    alive = ApiToken.objects.create(
        user=user, key_hash="c" * 64, prefix="c", expires_at=now + datetime.timedelta(hours=1)
    )
    Session.objects.create(session_key="udloebet", session_data="", expire_date=old)
    Session.objects.create(
        session_key="levende", session_data="", expire_date=now + datetime.timedelta(minutes=5)
    )
    finished = maintenance.enqueue()
    DBTaskResult.objects.filter(id=finished.id).update(
        status="SUCCESSFUL", finished_at=now - datetime.timedelta(days=30)
    )
    entry = log_event(action=Action.READ, summary="gammelt opslag", citizen=citizen_ishoj)
    with trigger_off():
        AuditEntry.objects.filter(pk=entry.pk).update(at=now - datetime.timedelta(days=6 * 365))
    log_event(action=Action.READ, summary="nyt opslag", citizen=citizen_ishoj)

    done = run_due(worker="vaert-a:1", now=now)

    assert list(ApiToken.objects.all()) == [alive]
    assert list(Session.objects.values_list("session_key", flat=True)) == ["levende"]
    assert not DBTaskResult.objects.filter(id=finished.id).exists()
    assert done["audit_prune"] == "1 logposter slettet"
    assert list(AuditEntry.objects.values_list("summary", flat=True)) == ["nyt opslag"]
    assert [line.kind for line in anchors.read_all()] == ["anchor", "prune", "anchor"]


def test_the_tick_books_the_next_one_and_only_one(settings):
    schedule()
    schedule()
    assert DBTaskResult.objects.filter(task_path=maintenance.module_path).count() == 1
    DBTaskResult.objects.update(status="RUNNING")  # a worker has claimed the queued tick …
    maintenance.call()  # … and runs it
    ahead = DBTaskResult.objects.filter(
        task_path=maintenance.module_path, run_after__gt=timezone.now()
    )
    assert ahead.count() == 1


@pytest.mark.skipif(not ON_POSTGRES, reason="Kun PostgreSQL: tråde mod en rigtig databaseserver")
@pytest.mark.django_db(transaction=True)
def test_four_workers_at_the_same_moment_run_each_job_once():
    now = timezone.now()
    barrier = threading.Barrier(4)
    results: list[dict] = []

    def work(n: int) -> None:
        try:
            barrier.wait()
            results.append(run_due(worker=f"vaert:{n}", now=now))
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ran = [name for result in results for name in result]
    assert sorted(ran) == sorted(NAMES)
    assert set(MaintenanceJob.objects.values_list("runs", flat=True)) == {1}
