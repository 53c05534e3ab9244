"""Booking meetings, reminders (neutral text, opt-out, exactly once), missed meetings,
relatives with consent, the .ics invitation and the API."""

import datetime
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hjemvej.meetings import rules, services
from hjemvej.meetings.ics import meeting_ics
from hjemvej.meetings.models import Meeting, Participant, Reminder
from hjemvej.people.models import Consent, Relative

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=CPH)


@pytest.fixture
def outbox(tmp_path, settings):
    settings.SMS_OUTBOX_DIR = str(tmp_path / "sms")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return tmp_path / "sms"


def book(user, course, *, starts_at, kind=rules.NETWORK, now=NOW):
    return services.do_book_meeting(
        user=user,
        kind=kind,
        unit=course.unit,
        starts_at=starts_at,
        duration_minutes=60,
        place="Ishøj Strandvej 44, 2. th.",
        citizen=course.citizen,
        course=course,
        now=now,
    )


def test_booking_creates_reminders_two_days_and_two_hours_before(cti_course, cti_worker):
    starts = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=CPH)
    meeting = book(cti_worker, cti_course, starts_at=starts)
    reminders = list(meeting.reminders.order_by("send_at"))
    assert [(r.channel, r.send_at) for r in reminders] == [
        ("sms", starts - datetime.timedelta(hours=48)),
        ("sms", starts - datetime.timedelta(hours=2)),
    ]
    assert {p.kind for p in meeting.participants.all()} == {"staff", "citizen"}


def test_reminder_text_is_neutral(cti_course, cti_worker):
    meeting = book(
        cti_worker, cti_course, starts_at=datetime.datetime(2026, 12, 3, 10, 0, tzinfo=CPH)
    )
    text = meeting.reminders.first().text
    assert text == (
        "Påmindelse: Du har en aftale torsdag 03.12.2026 kl. 10.00, Ishøj Strandvej 44, 2. th. "
        "Kontaktperson: Jonas Dam, tlf. 43 57 70 00. Venlig hilsen Ishøj Kommune"
    )
    for secret in ("CTI", "netværksmøde", "Ågården", cti_course.citizen.last_name):
        assert secret.lower() not in text.lower()


def test_late_booking_gets_one_reminder_right_away(cti_course, cti_worker):
    meeting = book(cti_worker, cti_course, starts_at=NOW + datetime.timedelta(hours=20))
    assert sorted(r.send_at for r in meeting.reminders.all()) == [
        NOW,
        NOW + datetime.timedelta(hours=18),
    ]


def test_due_reminders_are_sent_once_to_the_file_backend(cti_course, cti_worker, outbox):
    meeting = book(
        cti_worker, cti_course, starts_at=datetime.datetime(2026, 12, 3, 10, 0, tzinfo=CPH)
    )
    first = meeting.reminders.order_by("send_at").first()
    at = first.send_at + datetime.timedelta(minutes=1)
    assert services.send_due_reminders(now=at) == 1
    assert services.send_due_reminders(now=at) == 0
    first.refresh_from_db()
    assert first.status == Reminder.Status.SENT and first.sent_at is not None
    files = list(outbox.iterdir())
    assert [f.name for f in files] == [f"{first.uuid}.txt"]
    assert "Ishøj Strandvej 44" in files[0].read_text(encoding="utf-8")


def test_email_reminder_goes_through_the_mail_backend(cti_course, cti_worker, outbox):
    from django.core import mail

    citizen = cti_course.citizen
    citizen.email = "jorgen@example.dk"
    citizen.save(update_fields=["email"])
    meeting = book(cti_worker, cti_course, starts_at=NOW + datetime.timedelta(hours=20))
    assert services.send_due_reminders(now=NOW) == 2  # SMS and e-mail, now
    (message,) = mail.outbox
    assert message.to == ["jorgen@example.dk"]
    assert (
        str(meeting.reminders.get(channel="email", send_at=NOW).uuid)
        in message.extra_headers["Message-ID"]
    )


def test_opting_out_cancels_pending_and_stops_new_sms(cti_course, cti_worker, outbox):
    meeting = book(
        cti_worker, cti_course, starts_at=datetime.datetime(2026, 12, 3, 10, 0, tzinfo=CPH)
    )
    services.do_set_contact_preferences(
        user=cti_worker, citizen=cti_course.citizen, sms_reminders=False, email_reminders=True
    )
    assert set(meeting.reminders.values_list("status", flat=True)) == {"cancelled"}
    later = book(
        cti_worker, cti_course, starts_at=datetime.datetime(2026, 12, 10, 10, 0, tzinfo=CPH)
    )
    assert not later.reminders.exists()
    assert services.send_due_reminders(now=datetime.datetime(2026, 12, 31, tzinfo=CPH)) == 0


def test_failing_backend_retries_then_marks_failed_for_the_worklist(
    cti_course, cti_worker, settings, as_user
):
    settings.REMINDER_SMS_BACKEND = "hjemvej.meetings.backends.HttpSmsBackend"
    settings.SMS_GATEWAY_URL = ""
    settings.REMINDER_MAX_ATTEMPTS = 2
    meeting = book(cti_worker, cti_course, starts_at=NOW + datetime.timedelta(hours=20))
    reminder = meeting.reminders.get(send_at=NOW)
    services.send_due_reminders(now=NOW)
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == ("pending", 1)
    services.send_due_reminders(now=NOW + datetime.timedelta(minutes=5))
    reminder.refresh_from_db()
    assert reminder.status == "failed"
    assert "HJEMVEJ_SMS_GATEWAY_URL" in reminder.last_error
    home = as_user(cti_worker).get("/").content.decode()
    assert "Påmindelser der ikke kunne sendes" in home


def test_missed_meeting_is_rescheduled_and_counted(cti_course, cti_worker, outbox):
    meeting = book(
        cti_worker, cti_course, starts_at=datetime.datetime(2026, 12, 3, 10, 0, tzinfo=CPH)
    )
    new = services.do_mark_missed(
        user=cti_worker,
        meeting=meeting,
        new_starts_at=datetime.datetime(2026, 12, 10, 10, 0, tzinfo=CPH),
        now=NOW,
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MISSED
    assert set(meeting.reminders.values_list("status", flat=True)) == {"cancelled"}
    assert new.rescheduled_from == meeting and new.kind == meeting.kind
    assert new.reminders.filter(status="pending").count() == 2
    from hjemvej.meetings.selectors import missed_count

    assert missed_count(cti_course.citizen) == 1


def test_relative_joins_only_with_an_active_disclosure_consent(cti_course, cti_worker):
    meeting = book(
        cti_worker, cti_course, starts_at=datetime.datetime(2026, 12, 3, 10, 0, tzinfo=CPH)
    )
    citizen = cti_course.citizen
    sister = Relative.objects.create(citizen=citizen, name="Lone Østergaard", role="sibling")
    collect = Consent.objects.create(
        citizen=citizen,
        direction="collect",
        information="Helbred",
        party="Egen læge",
        purpose="Handleplan",
        valid_from=datetime.date(2026, 1, 1),
        valid_until=datetime.date(2027, 1, 1),
    )
    with pytest.raises(ValidationError):
        services.do_add_relative(user=cti_worker, meeting=meeting, relative=sister, consent=collect)
    disclose = Consent.objects.create(
        citizen=citizen,
        direction="disclose",
        information="Oplysninger om boligsituationen",
        party="Lone Østergaard (søster)",
        purpose="Netværksmøde",
        valid_from=datetime.date(2026, 1, 1),
        valid_until=datetime.date(2027, 1, 1),
    )
    services.do_add_relative(user=cti_worker, meeting=meeting, relative=sister, consent=disclose)
    assert meeting.participants.filter(kind=Participant.Kind.RELATIVE, relative=sister).exists()


def test_ics_parses_back_as_one_event_in_copenhagen_time(cti_course, cti_worker):
    meeting = book(
        cti_worker, cti_course, starts_at=datetime.datetime(2026, 12, 3, 10, 0, tzinfo=CPH)
    )
    cal = icalendar.Calendar.from_ical(meeting_ics(meeting))
    events = [c for c in cal.walk("VEVENT")]
    assert len(events) == 1
    start = events[0].decoded("dtstart")
    assert start == datetime.datetime(2026, 12, 3, 10, 0, tzinfo=CPH)
    assert str(start.tzinfo) == "Europe/Copenhagen"
    assert events[0]["dtstart"].params["TZID"] == "Europe/Copenhagen"
    assert [c["tzid"] for c in cal.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    assert cti_course.citizen.last_name not in events[0]["summary"]


def test_ics_download_needs_access(as_user, cti_course, cti_worker, caseworker_ballerup):
    meeting = book(cti_worker, cti_course, starts_at=timezone.now() + datetime.timedelta(days=3))
    url = f"/moeder/{meeting.uuid}/invitation.ics"
    ok = as_user(cti_worker).get(url)
    assert ok.status_code == 200 and ok["Content-Type"].startswith("text/calendar")
    assert as_user(caseworker_ballerup).get(url).status_code == 404


def test_api_books_meeting_with_reminders_and_serves_its_ics(
    as_user, cti_course, cti_worker, outbox
):
    client = as_user(cti_worker)
    starts = (
        (timezone.now() + datetime.timedelta(days=5))
        .astimezone(CPH)
        .replace(hour=10, minute=0, second=0, microsecond=0)
    )
    response = client.post(
        "/api/v1/meetings",
        data=json.dumps(
            {
                "citizen": str(cti_course.citizen.uuid),
                "kind": "network",
                "unit": "ishoj-aagaarden",
                "starts_at": starts.isoformat(),
                "place": "Ishøj Strandvej 44",
                "course": str(cti_course.uuid),
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind_label"] == "Netværksmøde før udflytning"
    assert len(body["reminders"]) == 2
    ics = client.get(f"/api/v1/meetings/{body['id']}/ics")
    assert b"BEGIN:VEVENT" in ics.content


def test_path_of_the_outbox_is_var_outbox_sms_by_default():
    from django.conf import settings

    assert Path(settings.SMS_OUTBOX_DIR).parts[-2:] == ("outbox", "sms")


def test_http_gateway_gets_json_with_the_reminder_as_idempotency_key(
    cti_course, cti_worker, settings
):
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    received = []

    class Gateway(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((dict(self.headers), json.loads(body)))
            self.send_response(202)
            self.send_header("X-Message-Id", "gw-1")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Gateway)
    threading.Thread(target=server.handle_request, daemon=True).start()
    settings.REMINDER_SMS_BACKEND = "hjemvej.meetings.backends.HttpSmsBackend"
    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/sms"
    settings.SMS_GATEWAY_TOKEN = "hemmelig"
    meeting = book(cti_worker, cti_course, starts_at=NOW + datetime.timedelta(hours=20))
    assert services.send_due_reminders(now=NOW) == 1
    server.server_close()
    reminder = meeting.reminders.get(status="sent")
    (headers, body) = received[0]
    assert headers["Authorization"] == "Bearer hemmelig"
    assert headers["Idempotency-Key"] == body["reference"] == str(reminder.uuid)
    assert body["to"] == cti_course.citizen.phone and body["text"] == reminder.text
    assert reminder.provider_ref == "gw-1"


def test_each_sweep_books_the_next_for_the_earliest_pending_reminder(cti_course, cti_worker):
    from django_tasks_db.models import DBTaskResult

    from hjemvej.meetings import tasks

    starts = timezone.now() + datetime.timedelta(days=5)
    book(cti_worker, cti_course, starts_at=starts, now=timezone.now())
    DBTaskResult.objects.all().delete()
    tasks.schedule_next()
    (queued,) = DBTaskResult.objects.filter(status="READY")
    assert queued.run_after == starts - datetime.timedelta(hours=48)
    Reminder.objects.update(status="sent", sent_at=timezone.now())
    DBTaskResult.objects.all().delete()
    tasks.schedule_next()
    assert not DBTaskResult.objects.exists()  # nothing pending: no sweep booked


def test_api_missed_meeting_with_new_time_returns_the_new_meeting(
    as_user, cti_course, cti_worker, outbox
):
    meeting = book(
        cti_worker, cti_course, starts_at=timezone.now() + datetime.timedelta(days=2), now=None
    )
    new_at = (timezone.now() + datetime.timedelta(days=9)).astimezone(CPH).replace(microsecond=0)
    response = as_user(cti_worker).post(
        f"/api/v1/meetings/{meeting.uuid}/missed",
        data=json.dumps({"new_starts_at": new_at.isoformat()}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["rescheduled_from"] == str(meeting.uuid)
    assert body["status"] == "planned"
    meeting.refresh_from_db()
    assert meeting.status == "missed"
