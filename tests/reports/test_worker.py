"""A real `hjemvej db_worker --batch` process builds an ordered report: the builders are
registered in the worker, and the job ends done with its file."""

import subprocess
import sys
from pathlib import Path

from tests.meetings.test_worker_exactly_once import (  # noqa: F401  (fixture)
    _env,
    _run,
    worker_db,
)

ROOT = Path(__file__).resolve().parents[2]


def test_worker_builds_the_ordered_pdf(worker_db, tmp_path):  # noqa: F811
    env = _env(worker_db, tmp_path)
    _run(["migrate", "-v", "0"], env)
    _run(["shell", "-c", "from tests.reports.worker_setup import setup; setup()"], env)
    assert worker_db.query("SELECT status FROM reports_reportjob") == [("queued",)]
    subprocess.run(
        [sys.executable, "-m", "hjemvej", "db_worker", "--batch", "--no-reload"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=180,
    )
    status, progress, filename, size = worker_db.query(
        "SELECT status, progress, filename, LENGTH(content) FROM reports_reportjob"
    )[0]
    assert (status, progress, filename) == ("done", 100, "resultater-2025-183.pdf")
    assert size > 5_000
