"""A caseworker sends a meeting invitation as Digital Post from the meeting's page: the letter is
queued, the background job sends it through the file backend, and the page shows the receipt.
The page stays accessible (axe)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hjemvej.audit.context import acting_as
from hjemvej.meetings import rules as meeting_rules
from hjemvej.meetings import services as meetings
from hjemvej.post import services as post
from hjemvej.post.models import Letter
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_caseworker_sends_a_meeting_invitation_by_digital_post(
    page, caseworker_ishoj, ishoj_authority, citizen_ishoj, settings, tmp_path
):
    settings.DIGITAL_POST_BACKEND = "hjemvej.post.backends.FileBackend"
    settings.DIGITAL_POST_OUTBOX_DIR = str(tmp_path / "post")
    with acting_as(caseworker_ishoj):
        meeting = meetings.do_book_meeting(
            user=caseworker_ishoj,
            kind=meeting_rules.GOAL_YEARLY,
            unit=ishoj_authority,
            starts_at=timezone.now() + datetime.timedelta(days=4),
            duration_minutes=60,
            place="Ishøj Store Torv 20",
            citizen=citizen_ishoj,
        )
    page.goto("/log-ind/")
    log_in(page, "sagsbehandler.ishoj")
    page.goto(f"/moeder/{meeting.uuid}/")
    expect(page.get_by_text("Der er ikke sendt en indkaldelse som brev.")).to_be_visible()
    page.get_by_role("button", name="Send som digital post").click()
    expect(page.get_by_text("Indkaldelsen er lagt i kø til Digital Post.")).to_be_visible()
    expect(page.get_by_role("cell", name="I kø")).to_be_visible()
    assert_accessible(page)

    letter = Letter.objects.get(meeting=meeting)
    assert post.deliver(letter.pk) == Letter.Status.SENT  # what the worker does
    page.reload()
    expect(page.get_by_role("cell", name=f"fil:{letter.uuid}")).to_be_visible()
    assert (tmp_path / "post" / f"{letter.uuid}.pdf").exists()
    assert_accessible(page)
