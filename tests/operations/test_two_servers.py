"""More than one server: two app servers (`hjemvej serve`, gunicorn) on different ports share one
database — log in on one, go on on the other — and two workers take a batch of report jobs,
each done exactly once, while the maintenance jobs run once between them."""

import json
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import requests

from tests.conftest import PASSWORD
from tests.meetings.test_worker_exactly_once import (  # noqa: F401  (fixture)
    HJEMVEJ,
    ROOT,
    _env,
    _run,
    _wait,
    _worker,
    worker_db,
)
from tests.operations.two_servers_setup import BATCH


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(env, port: int, log: Path) -> subprocess.Popen:
    handle = open(log, "w")  # noqa: SIM115 (closed with the process)
    return subprocess.Popen(
        [*HJEMVEJ, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        cwd=ROOT,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )


def _up(port: int) -> bool:
    try:
        return requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200
    except requests.RequestException:
        return False


def test_two_app_servers_share_the_login_and_two_workers_share_the_jobs(worker_db, tmp_path):  # noqa: F811
    env = {**_env(worker_db, tmp_path), "HJEMVEJ_WEB_WORKERS": "1"}
    _run(["migrate", "-v", "0"], env)
    _run(["shell", "-c", "from tests.operations.two_servers_setup import setup; setup()"], env)
    ports = [_free_port(), _free_port()]
    servers = [_serve(env, port, tmp_path / f"web-{port}.log") for port in ports]
    try:
        _wait(lambda: all(_up(p) for p in ports), 60, "to webservere")
        one, other = (f"http://127.0.0.1:{p}" for p in ports)

        browser = requests.Session()
        page = browser.get(f"{one}/log-ind/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        logged_in = browser.post(
            f"{one}/log-ind/",
            data={"username": "leder.ishoj", "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{one}/log-ind/"},
            allow_redirects=False,
        )
        assert logged_in.status_code == 302, logged_in.text[:500]

        home = browser.get(f"{other}/", allow_redirects=False)  # the other server
        assert home.status_code == 200
        assert "leder.ishoj" in home.text or "Log af" in home.text
        assert home.headers["X-Request-ID"]
        access_log = tmp_path / f"web-{ports[1]}.log"
        rid = f"rid={home.headers['X-Request-ID']}"  # gunicorn logs after it has answered
        _wait(lambda: rid in access_log.read_text(), 10, "forespørgslens id i adgangsloggen")
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            server.wait(30)

    workers = [_worker(env, "worker-a", tmp_path), _worker(env, "worker-b", tmp_path)]
    try:
        _wait(
            lambda: (
                worker_db.query("SELECT COUNT(*) FROM reports_reportjob WHERE status = 'done'")[0][
                    0
                ]
                == BATCH
            ),
            180,
            "alle rapporter færdige",
        )
        time.sleep(1.5)  # time to do anything twice, if they would
    finally:
        for w in workers:
            w.send_signal(signal.SIGTERM)
        for w in workers:
            w.wait(30)

    jobs = worker_db.query("SELECT status, LENGTH(content) FROM reports_reportjob")
    assert len(jobs) == BATCH and all(s == "done" and n > 0 for s, n in jobs)
    runs = worker_db.query(
        "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
        "WHERE task_path = 'hjemvej.reports.tasks.run_report'"
    )
    assert len(runs) == BATCH  # one task per job …
    assert all(status == "SUCCESSFUL" for status, _ in runs)
    ids = [w if isinstance(w, list) else json.loads(w) for _, w in runs]
    assert all(len(w) == 1 for w in ids)  # … each run by one worker, once
    # The maintenance jobs ran once between the two workers, which wrote a heartbeat.
    daily = worker_db.query("SELECT name, runs FROM ops_maintenancejob WHERE name = 'audit_prune'")
    assert daily == [("audit_prune", 1)]
    assert worker_db.query("SELECT COUNT(*) FROM ops_workerheartbeat")[0][0] >= 1
