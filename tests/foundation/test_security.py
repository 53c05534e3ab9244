"""Settings that refuse to start unsafely, security headers, sessions, passwords, throttling."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

PROD_ENV = {
    "HJEMVEJ_DEBUG": "0",
    "HJEMVEJ_SECRET_KEY": "k" * 20 + "9f8a7s6d5f4g3h2j1k0l-zx+cv=bn/m!qwertyuiop",
    "HJEMVEJ_ALLOWED_HOSTS": "hjemvej.ishoj.dk",
    "HJEMVEJ_AUDIT_KEY": "a" * 16 + "7d6f5e4c3b2a1908-audit-key-for-tests",
    "HJEMVEJ_AUDIT_ANCHOR_DIR": "/var/lib/hjemvej/audit-anchors",
    "HJEMVEJ_BEHIND_PROXY": "1",
}


def _run(*args, env):
    full = {k: v for k, v in os.environ.items() if not k.startswith(("HJEMVEJ_", "DJANGO_"))}
    full.update(env)
    full["HJEMVEJ_DATABASE_URL"] = "sqlite:///:memory:"
    return subprocess.run(
        [sys.executable, "-m", "hjemvej", *args],
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key_and_hosts():
    result = _run("check", env={"HJEMVEJ_DEBUG": "0"})
    assert result.returncode != 0
    assert "HJEMVEJ_SECRET_KEY" in result.stderr
    result = _run(
        "check", env={"HJEMVEJ_DEBUG": "0", "HJEMVEJ_SECRET_KEY": PROD_ENV["HJEMVEJ_SECRET_KEY"]}
    )
    assert result.returncode != 0
    assert "HJEMVEJ_ALLOWED_HOSTS" in result.stderr


def test_check_deploy_reports_no_warnings_with_production_settings():
    result = _run("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_security_headers(client):
    response = client.get("/log-ind/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_session_expires_after_thirty_idle_minutes():
    # The expiry moves on at most once a minute (tests/operations/test_sessions.py).
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    from hjemvej import settings as project_settings  # tests/conftest.py steadies the refresh

    assert project_settings.SESSION_REFRESH_SECONDS == 60


def test_passwords_are_hashed_with_argon2(caseworker_ishoj):
    assert caseworker_ishoj.password.startswith("argon2")


def test_repeated_failed_logins_are_throttled(client, caseworker_ishoj, settings):
    settings.AXES_ENABLED = True
    for _ in range(5):
        response = client.post(
            "/log-ind/", {"username": "sagsbehandler.ishoj", "password": "forkert"}
        )
        assert "forkert" in response.content.decode()
    locked = client.post(
        "/log-ind/", {"username": "sagsbehandler.ishoj", "password": "hjemvej-test-kode"}
    )
    assert locked.status_code == 429
    assert "for mange forkerte forsøg" in locked.content.decode()


def test_login_and_logout(client, caseworker_ishoj):
    response = client.post(
        "/log-ind/", {"username": "sagsbehandler.ishoj", "password": "hjemvej-test-kode"}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert "Goddag, Mette" in client.get("/").content.decode()
    client.post("/log-af/")
    assert client.get("/").status_code == 302
