"""/healthz and /readyz answer without login and without personal data; every response carries
a request id, and logs can be JSON lines with it."""

import datetime
import json
import logging

import pytest
from django.utils import timezone

from hjemvej.common.logs import JsonFormatter, RequestIdFilter, request_id
from hjemvej.ops.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_login_and_without_checking_the_host(client):
    response = client.get("/healthz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readyz_wants_a_fresh_worker_heartbeat(client, settings):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "fejl",
        "checks": {
            "database": "ok",
            "migrations": "ok",
            "worker": "ingen baggrundsarbejder har meldt sig",
        },
    }
    WorkerHeartbeat.objects.create(worker="vaert:1", seen_at=timezone.now())
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - datetime.timedelta(minutes=10))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"].startswith("baggrundsarbejderen har ikke meldt sig")


def test_every_response_carries_a_request_id_and_keeps_a_sane_one_from_the_proxy(client):
    fresh = client.get("/log-ind/")["X-Request-ID"]
    assert len(fresh) == 32
    assert client.get("/log-ind/", HTTP_X_REQUEST_ID="proxy-1234abcd")["X-Request-ID"] == (
        "proxy-1234abcd"
    )
    odd = client.get("/log-ind/", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
    assert odd != "<script>" and len(odd) == 32


def test_json_log_lines_carry_the_request_id():
    record = logging.LogRecord(
        "hjemvej.test", logging.WARNING, __file__, 1, "Noget %s", ("skete",), None
    )
    token = request_id.set("abc123def456")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "Noget skete"
    assert line["request_id"] == "abc123def456"
    assert line["level"] == "WARNING" and line["logger"] == "hjemvej.test"
