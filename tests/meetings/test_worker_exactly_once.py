"""Real `hjemvej db_worker` processes: one is killed with SIGKILL in the middle of sending; two
more are started; every due reminder ends up sent exactly once.

The workers use a database of their own (a file SQLite database, or a PostgreSQL database
created by this test when the suite runs on PostgreSQL), named in HJEMVEJ_DATABASE_URL."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
HJEMVEJ = [sys.executable, "-m", "hjemvej"]
COUNT = 8


class WorkerDatabase:
    def __init__(self, tmp_path: Path):
        self.vendor = (
            "postgresql" if "postgres" in settings.DATABASES["default"]["ENGINE"] else "sqlite"
        )
        if self.vendor == "sqlite":
            self.path = tmp_path / "worker.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            base = settings.DATABASES["default"]
            self.name = f"hjemvej_worker_{uuid.uuid4().hex[:10]}"
            self.admin = dict(
                host=base["HOST"] or "127.0.0.1",
                port=base["PORT"] or 5432,
                user=base["USER"],
                password=base["PASSWORD"] or None,
                dbname="postgres",
            )
            import psycopg

            with psycopg.connect(**self.admin, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{self.name}"')
            parsed = dj_database_url.parse(os.environ.get("HJEMVEJ_DATABASE_URL", ""))
            auth = parsed["USER"] + (f":{parsed['PASSWORD']}" if parsed.get("PASSWORD") else "")
            self.url = f"postgres://{auth}@{self.admin['host']}:{self.admin['port']}/{self.name}"

    def query(self, sql: str):
        if self.vendor == "sqlite":
            with sqlite3.connect(self.path, timeout=30) as conn:
                return conn.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(**{**self.admin, "dbname": self.name}) as conn:
            return conn.execute(sql).fetchall()

    def drop(self) -> None:
        if self.vendor == "postgresql":
            import psycopg

            with psycopg.connect(**self.admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def worker_db(tmp_path):
    db = WorkerDatabase(tmp_path)
    yield db
    db.drop()


def _env(db: WorkerDatabase, tmp_path: Path) -> dict:
    env = dict(os.environ)
    env.update(
        HJEMVEJ_DATABASE_URL=db.url,
        HJEMVEJ_SMS_BACKEND="tests.meetings.slow_backend.SlowFileSmsBackend",
        HJEMVEJ_SMS_OUTBOX=str(tmp_path / "sms"),
        HJEMVEJ_TEST_SEND_LOG=str(tmp_path / "sends.log"),
        HJEMVEJ_TEST_SEND_SECONDS="0.3",
        HJEMVEJ_REMINDER_SWEEP_SECONDS="1",
        HJEMVEJ_VAR_DIR=str(tmp_path / "var"),
        PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
    )
    return env


def _run(args, env) -> None:
    subprocess.run(
        [*HJEMVEJ, *args], env=env, cwd=ROOT, check=True, capture_output=True, timeout=180
    )


def _worker(env, name: str, log_dir: Path) -> subprocess.Popen:
    log = open(log_dir / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
    return subprocess.Popen(
        [
            *HJEMVEJ,
            "db_worker",
            "--no-reload",
            "--interval",
            "0.1",
            "--no-startup-delay",
            "--worker-id",
            name,
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _sent(db: WorkerDatabase) -> int:
    return db.query("SELECT COUNT(*) FROM meetings_reminder WHERE status = 'sent'")[0][0]


def _calls(tmp_path: Path) -> int:
    log = tmp_path / "sends.log"
    return len(log.read_text().split()) if log.exists() else 0


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"Ventede forgæves på: {what}")


def test_killed_worker_restarted_sends_every_reminder_exactly_once(worker_db, tmp_path):
    env = _env(worker_db, tmp_path)
    _run(["migrate", "-v", "0"], env)
    _run(["shell", "-c", f"from tests.meetings.worker_setup import setup; setup({COUNT})"], env)

    first = _worker(env, "worker-a", tmp_path)
    try:
        _wait(lambda: _sent(worker_db) >= 3, 60, "tre sendte påmindelser")
        # Kill in the worst place: a message has gone out, its row is not yet committed.
        _wait(lambda: _calls(tmp_path) > _sent(worker_db), 30, "en påmindelse under afsendelse")
    finally:
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
    killed_at = _sent(worker_db)
    assert 3 <= killed_at < COUNT, "the worker must die in the middle of the run"

    workers = [_worker(env, "worker-b", tmp_path), _worker(env, "worker-c", tmp_path)]
    try:
        _wait(lambda: _sent(worker_db) == COUNT, 90, "alle påmindelser sendt")
        time.sleep(1.5)  # give the workers time to send anything twice, if they would
    finally:
        for w in workers:
            w.send_signal(signal.SIGTERM)
        for w in workers:
            w.wait(15)

    rows = worker_db.query("SELECT uuid, status, sent_at, worker FROM meetings_reminder")
    assert len(rows) == COUNT
    assert {r[1] for r in rows} == {"sent"}
    assert all(r[2] is not None for r in rows)
    assert {r[3].split(":")[0] for r in rows}  # recorded which worker sent it
    # One audit row per reminder: the send is recorded exactly once.
    audit = worker_db.query(
        "SELECT object_id FROM audit_auditentry WHERE summary = 'Påmindelse sendt (SMS)'"
    )
    ids = sorted(str(uuid.UUID(str(r[0]))) for r in rows)
    assert sorted(str(uuid.UUID(a[0])) for a in audit) == ids
    # One message per reminder in the outbox, named by the reminder.
    outbox = sorted(p.stem for p in (tmp_path / "sms").glob("*.txt"))
    assert outbox == ids
    # The send call is repeated for the one reminder in flight when the worker died, with
    # the same reference, so it is the same message (the same file; the gateway's
    # Idempotency-Key): no reminder reaches the citizen twice.
    calls = (tmp_path / "sends.log").read_text().split()
    assert sorted(set(calls)) == ids
    assert len(calls) - len(set(calls)) == 1
