"""Reports made in the background: queued, built with progress, downloaded and logged."""

import pytest
from django.core.exceptions import ValidationError

from hjemvej.audit.models import Action, AuditEntry
from hjemvej.common.suppression import suppress
from hjemvej.reports.builders import BUILDERS, Builder, ReportFile
from hjemvej.reports.models import ReportJob
from hjemvej.reports.services import do_request_report, run_job

pytestmark = pytest.mark.django_db

SEEN_PROGRESS: list[int] = []


@pytest.fixture
def counting_report(monkeypatch):
    def build(job, progress):
        for pct in (25, 50, 75):
            progress(pct, f"trin {pct}")
            SEEN_PROGRESS.append(ReportJob.objects.get(pk=job.pk).progress)
        return ReportFile(b"a;b\n1;2\n", "optaelling.csv", "text/csv")

    monkeypatch.setitem(
        BUILDERS,
        "test-count",
        Builder("test-count", "Optælling", build, lambda user: user.has_role("manager")),
    )


@pytest.fixture
def failing_report(monkeypatch):
    def build(job, progress):
        raise RuntimeError("boom")

    monkeypatch.setitem(
        BUILDERS, "test-fail", Builder("test-fail", "Fejler", build, lambda user: True)
    )


def test_report_is_queued_built_with_progress_and_downloaded_with_an_audit_row(
    as_user, manager_ishoj, counting_report, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        job = do_request_report(user=manager_ishoj, kind="test-count", params={"year": 2026})
    assert len(callbacks) == 1  # the worker is told only when the job row is committed
    client = as_user(manager_ishoj)
    waiting = client.get(f"/rapporter/koersel/{job.uuid}/status/").content.decode()
    assert "venter" in waiting and 'hx-trigger="every 1s"' in waiting

    SEEN_PROGRESS.clear()
    run_job(str(job.uuid))
    assert SEEN_PROGRESS == [25, 50, 75]
    done = client.get(f"/rapporter/koersel/{job.uuid}/status/").content.decode()
    assert "Rapporten er klar" in done and "hx-trigger" not in done

    response = client.get(f"/rapporter/koersel/{job.uuid}/hent/")
    assert response.content == b"a;b\n1;2\n"
    assert response["Content-Disposition"] == 'attachment; filename="optaelling.csv"'
    row = AuditEntry.objects.get(action=Action.EXPORT)
    assert row.actor_username == "leder.ishoj" and "Optælling" in row.summary


def test_a_job_is_built_once(manager_ishoj, counting_report):
    job = do_request_report(user=manager_ishoj, kind="test-count", params={})
    run_job(str(job.uuid))
    SEEN_PROGRESS.clear()
    run_job(str(job.uuid))
    assert SEEN_PROGRESS == []


def test_failed_report_is_shown_as_failed(as_user, manager_ishoj, failing_report):
    job = do_request_report(user=manager_ishoj, kind="test-fail", params={})
    run_job(str(job.uuid))
    assert (
        "Rapporten kunne ikke laves"
        in as_user(manager_ishoj).get(f"/rapporter/koersel/{job.uuid}/").content.decode()
    )


def test_reports_of_others_are_404(as_user, manager_ishoj, caseworker_ishoj, counting_report):
    job = do_request_report(user=manager_ishoj, kind="test-count", params={})
    run_job(str(job.uuid))
    client = as_user(caseworker_ishoj)
    assert client.get(f"/rapporter/koersel/{job.uuid}/").status_code == 404
    assert client.get(f"/rapporter/koersel/{job.uuid}/hent/").status_code == 404


def test_only_allowed_roles_may_request(caseworker_ishoj, counting_report):
    with pytest.raises(ValidationError):
        do_request_report(user=caseworker_ishoj, kind="test-count", params={})


@pytest.mark.parametrize(
    "count,analyst,shown",
    [(0, True, 0), (1, True, "<5"), (4, True, "<5"), (5, True, 5), (3, False, 3)],
)
def test_small_counts_are_suppressed_for_analysts(count, analyst, shown):
    assert suppress(count, for_analyst=analyst) == shown
