"""A CTI worker moves a course to phase 2, registers a home visit and books the network
meeting; the citizen's reminder lands in the SMS outbox; axe finds nothing on the way."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hjemvej.courses.models import SupportEntry
from hjemvej.meetings.models import Meeting, Reminder
from hjemvej.meetings.services import send_due_reminders
from tests.browser.conftest import assert_accessible, log_in, screenshot
from tests.courses.fixtures import *  # noqa: F403  (the CTI story fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


def test_cti_worker_moves_phase_registers_home_visit_and_books_network_meeting(
    page, cti_worker, cti_course, settings, tmp_path
):
    settings.SMS_OUTBOX_DIR = str(tmp_path / "sms")
    citizen = cti_course.citizen
    log_in(page, "herberg.ishoj")
    assert_accessible(page)

    page.goto(f"/borgere/{citizen.uuid}/")
    page.get_by_role("link", name="Forløb", exact=True).click()
    page.get_by_role("link", name="CTI-forløb").click()
    expect(page.get_by_role("heading", name="CTI-forløb", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Flyt til næste fase").click()
    expect(
        page.get_by_role("heading", name="Flyt til fase 2: Afprøvning af livet i egen bolig")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Flyt fase").click()
    expect(page.get_by_text("Forløbet er flyttet til fase 2")).to_be_visible()
    expect(page.get_by_text("Fase 2: Afprøvning af livet i egen bolig").first).to_be_visible()
    cti_course.refresh_from_db()
    assert cti_course.current_phase.number == 2

    page.get_by_role("link", name="Registrér støttetid").click()
    page.get_by_label("Minutter").fill("75")
    page.get_by_label("Type").select_option(label="Hjemmebesøg")
    assert_accessible(page)
    page.get_by_role("button", name="Registrér").click()
    expect(page.get_by_text("Støttetiden er registreret.")).to_be_visible()
    entry = SupportEntry.objects.get(course=cti_course)
    assert (entry.kind, entry.minutes, entry.unit.slug) == ("home_visit", 75, "ishoj-aagaarden")

    page.get_by_role("link", name="Book møde").click()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page.get_by_label("Mødetype").select_option(label="Netværksmøde før udflytning")
    page.get_by_label("Dato").fill(tomorrow.isoformat())
    page.get_by_label("Klokkeslæt").fill("10:00")
    page.get_by_label("Sted").fill("Ishøj Strandvej 44, 2. th.")
    assert_accessible(page)
    page.get_by_role("button", name="Book møde").click()
    expect(page.get_by_role("heading", name="Netværksmøde før udflytning")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "cti-netvaerksmoede")

    meeting = Meeting.objects.get(course=cti_course)
    assert meeting.kind == "network"
    assert send_due_reminders() == 1  # booked less than 48 hours ahead: one reminder now
    reminder = Reminder.objects.get(meeting=meeting, status="sent")
    (sms,) = (tmp_path / "sms").iterdir()
    assert sms.name == f"{reminder.uuid}.txt"
    text = sms.read_text(encoding="utf-8")
    assert f"Til: {citizen.phone}" in text
    assert f"{tomorrow:%d.%m.%Y} kl. 10.00, Ishøj Strandvej 44, 2. th." in text
    assert "Kontaktperson: Jonas Dam" in text
    assert "CTI" not in text and "netværk" not in text.lower()

    page.reload()
    expect(page.get_by_role("cell", name="Sendt", exact=False).first).to_be_visible()
