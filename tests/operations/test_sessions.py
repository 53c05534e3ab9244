"""The 30-minute idle timeout stays, but the session is written at most once a minute."""

from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_the_session_is_written_at_most_once_a_minute(client, caseworker_ishoj, settings):
    settings.SESSION_REFRESH_SECONDS = 60
    writes = mock.patch.object(SessionStore, "save", autospec=True, side_effect=SessionStore.save)
    with mock.patch("hjemvej.common.middleware.time.time", return_value=1_000_000.0) as now:
        login = {"username": "sagsbehandler.ishoj", "password": PASSWORD}
        assert client.post("/log-ind/", login).status_code == 302
        first = _expiry(client)

        now.return_value += 30
        with writes as save:
            assert client.get("/").status_code == 200
            assert client.get("/borgere/").status_code == 200
        assert save.call_count == 0  # half a minute later: nothing written
        assert _expiry(client) == first

        now.return_value += 31
        with writes as save:
            assert client.get("/").status_code == 200
        assert save.call_count == 1  # over a minute: written once, the expiry moves on
    assert _expiry(client) > first
