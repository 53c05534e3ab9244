"""What staff see of the citizen's answers: the wish to move a meeting and the message, on the
home page, on the meeting and in the journal — all readable by axe's WCAG 2.1 AA rules."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hjemvej.journal.models import CitizenMessage
from hjemvej.journal.services import do_send_citizen_message
from hjemvej.meetings.services import do_ask_to_move_by_citizen
from tests.browser.conftest import assert_accessible, log_in
from tests.portal.conftest import book

pytestmark = pytest.mark.django_db(transaction=True)


def test_caseworker_sees_the_citizens_wish_and_message_and_marks_it_handled(
    page, caseworker_ishoj, citizen_ishoj, ishoj_authority
):
    meeting = book(caseworker_ishoj, citizen_ishoj, ishoj_authority, days=10)
    do_ask_to_move_by_citizen(citizen=citizen_ishoj, meeting=meeting, wish="Kan vi tage fredag?")
    do_send_citizen_message(
        citizen=citizen_ishoj,
        unit=ishoj_authority,
        recipient=caseworker_ishoj,
        text="Jeg har fået brev fra boligselskabet",
    )

    log_in(page, "sagsbehandler.ishoj")
    page.goto("/")
    page.get_by_role("link", name="Beskeder fra borgere").click()
    expect(page.get_by_role("heading", name="Beskeder fra borgere")).to_be_visible()
    expect(page.get_by_text("Jeg har fået brev fra boligselskabet")).to_be_visible()
    assert_accessible(page)
    page.goto("/")
    page.get_by_role("link", name="Borgere der beder om at flytte et møde").click()
    expect(page.get_by_text("Kan vi tage fredag?")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Årlig opfølgning på mål").first.click()
    expect(page.get_by_text("Borgeren beder om at flytte mødet")).to_be_visible()
    assert_accessible(page)
    new_day = timezone.localdate() + datetime.timedelta(days=11)
    page.locator("#id_flyt-new_date").fill(new_day.isoformat())
    page.locator("#id_flyt-new_time").fill("13:00")
    page.get_by_role("button", name="Flyt mødet").click()
    expect(page.get_by_text("Mødet er flyttet")).to_be_visible()
    expect(page.get_by_text("(flyttet)")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/journal/borger/{citizen_ishoj.uuid}/")
    expect(page.get_by_role("heading", name="Beskeder fra borgeren")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Markér som behandlet").click()
    expect(page.get_by_text("Beskeden er markeret som behandlet.")).to_be_visible()
    assert CitizenMessage.objects.get().handled_by == caseworker_ishoj
