"""A citizen's session reaches no staff page and no staff API route, even with the real UUIDs
of the citizen's own plan, goals, meetings, notes and messages in the URL; and another
citizen's plan, goal and meeting on the citizen's own pages are a 404 (test_own_pages)."""

import re
import uuid

import pytest
from django.test import Client
from django.urls import get_resolver
from django.utils import timezone

from hjemvej.journal.models import CitizenMessage, Note
from hjemvej.journal.services import do_send_citizen_message, do_write_note
from hjemvej.meetings.models import Meeting
from hjemvej.people.models import Consent
from hjemvej.plans.models import Goal, Score, SubGoal
from tests.foundation.test_url_walk import SKIP_PREFIXES, _leaks, _walk

pytestmark = pytest.mark.django_db

SECRETS = [
    "At borgeren kommer i egen bolig",  # the plan's purpose
    "Jeg vil have en hund",  # the citizen's own goal
    "Jeg har en ugeplan",  # a sub-goal
    "Ishøj Store Torv 20",  # the meeting's place
    "Hemmeligt journalnotat",
    "Besked om min bolig",
    "Journal fra egen læge",
]


@pytest.fixture
def jorgens_data(jorgen_plan, jorgen_meeting, caseworker_ishoj, citizen_ishoj, ishoj_authority):
    note = do_write_note(
        user=caseworker_ishoj,
        citizen=citizen_ishoj,
        unit=ishoj_authority,
        kind=Note.Kind.CONTACT,
        text="Hemmeligt journalnotat",
        occurred_on=timezone.localdate(),
        sign=True,
    )
    message = do_send_citizen_message(
        citizen=citizen_ishoj, unit=ishoj_authority, text="Besked om min bolig"
    )
    consent = Consent.objects.create(
        citizen=citizen_ishoj,
        direction="collect",
        information="Journal fra egen læge",
        party="Lægehuset Ishøj",
        purpose="Handleplan",
        valid_from="2026-01-01",
        valid_until="2027-01-01",
    )
    return {
        "citizen_uuid": citizen_ishoj.uuid,
        "plan_uuid": jorgen_plan.uuid,
        "goal_uuid": jorgen_plan.goals.get(kind=Goal.Kind.CITIZEN).uuid,
        "sub_goal_uuid": SubGoal.objects.get(goal__plan=jorgen_plan).uuid,
        "meeting_uuid": jorgen_meeting.uuid,
        "note_uuid": note.uuid,
        "message_uuid": message.uuid,
        "consent_uuid": consent.uuid,
    }


def _fill(pattern: str, ids: dict) -> str:
    path = pattern.lstrip("^").rstrip("$")
    path = re.sub(r"<uuid:([a-z_]+)>", lambda m: str(ids.get(m.group(1)) or uuid.uuid4()), path)
    path = re.sub(r"<int:[a-z_]+>", "1", path)
    path = re.sub(r"<(?:slug|str|path):[a-z_]+>|<[a-z_]+>", "x", path)
    return "/" + path.replace("\\Z", "").replace("\\", "")


def _state():
    """What a write through a staff page would change."""
    return (
        Goal.objects.count(),
        Score.objects.count(),
        list(Meeting.objects.values_list("status", "citizen_reply")),
        Note.objects.count(),
        CitizenMessage.objects.filter(handled_at__isnull=True).count(),
        Consent.objects.filter(withdrawn_at__isnull=True).count(),
    )


def _no_data(body: str, citizen) -> list[str]:
    return _leaks(body, citizen) + [s for s in SECRETS if s in body]


def test_every_staff_page_with_real_uuids_gives_a_citizen_no_data(
    jorgen, jorgens_data, citizen_ishoj
):
    before = _state()
    paths = sorted(
        {
            _fill(p, jorgens_data)
            for p in _walk(get_resolver())
            if not p.startswith((*SKIP_PREFIXES, "mine-sider/")) and "(?P<" not in p
        }
    )
    assert f"/moeder/{jorgens_data['meeting_uuid']}/" in paths
    assert any(str(jorgens_data["plan_uuid"]) in p for p in paths)
    assert any(str(jorgens_data["message_uuid"]) in p for p in paths)
    for path in paths:
        for method in ("get", "post"):
            response = getattr(jorgen, method)(path)
            assert response.status_code != 500, (method, path)
            if response.status_code == 302:
                assert response["Location"].startswith(("/log-ind/", "/mine-sider/")), (
                    method,
                    path,
                    response["Location"],
                )
            body = response.content.decode(errors="replace")
            assert not _no_data(body, citizen_ishoj) or path == "/", (method, path)
    assert _state() == before


def test_every_api_route_with_real_uuids_gives_a_citizen_no_data(
    jorgen, jorgens_data, citizen_ishoj
):
    before = _state()
    doc = Client().get("/api/v1/openapi.json").json()
    for template, methods in doc["paths"].items():
        path = re.sub(r"\{citizen_id\}", str(citizen_ishoj.uuid), template)
        path = re.sub(
            r"\{([a-z_]+)\}",
            lambda m: str(
                jorgens_data.get(m.group(1))
                or jorgens_data.get(m.group(1).replace("_id", "_uuid"))
                or uuid.uuid4()
            ),
            path,
        )
        for method in methods:
            response = jorgen.generic(method.upper(), path, "{}", content_type="application/json")
            assert response.status_code in (401, 403, 404, 405, 422) or path.endswith(
                ("openapi.json", "docs")
            ), (method, path, response.status_code)
            assert not _no_data(response.content.decode(errors="replace"), citizen_ishoj)
    assert _state() == before


def test_the_walk_would_see_a_leak(as_user, caseworker_ishoj, jorgens_data, citizen_ishoj):
    staff = as_user(caseworker_ishoj)
    body = staff.get(f"/moeder/{jorgens_data['meeting_uuid']}/").content.decode()
    assert _no_data(body, citizen_ishoj)  # the caseworker sees it: the check can fail
