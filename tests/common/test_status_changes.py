"""Status changes the one way (common.transitions): meetings, housing applications, courses and
report jobs refuse an illegal move and change nothing, record every legal move as a change row,
and of two simultaneous moves of the same row only one succeeds (PostgreSQL, threads)."""

import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

from hjemvej.courses import services as course_services
from hjemvej.courses.models import Course
from hjemvej.housing import services as housing_services
from hjemvej.housing.models import HousingApplication, HousingOffer
from hjemvej.meetings import rules as meeting_rules
from hjemvej.meetings import services as meeting_services
from hjemvej.meetings.ics import meeting_ics
from hjemvej.meetings.models import Meeting
from hjemvej.reports.models import JOB_STATUS, ReportJob
from tests.courses.fixtures import *  # noqa: F403

CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=CPH)
D = datetime.date
ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]


def moves(obj) -> list[tuple[str, str]]:
    return list(obj.changes.order_by("at", "id").values_list("from_status", "to_status"))


def book(user, course) -> Meeting:
    return meeting_services.do_book_meeting(
        user=user,
        kind=meeting_rules.NETWORK,
        unit=course.unit,
        starts_at=datetime.datetime(2026, 12, 3, 10, 0, tzinfo=CPH),
        duration_minutes=60,
        place="Ishøj Strandvej 44, 2. th.",
        citizen=course.citizen,
        course=course,
        now=NOW,
    )


def application_for(user, citizen) -> HousingApplication:
    return housing_services.do_add_application(
        user=user, citizen=citizen, channel="allocation", applied_on=D(2026, 6, 1)
    )


# ---------------------------------------------------------------- meetings


@pytest.mark.django_db
def test_cancelled_meeting_cannot_be_marked_missed_and_nothing_changes(cti_course, cti_worker):
    meeting = book(cti_worker, cti_course)
    meeting_services.do_cancel_meeting(user=cti_worker, meeting=meeting)
    assert moves(meeting) == [("", "planned"), ("planned", "cancelled")]
    assert meeting.changes.last().by == cti_worker

    with pytest.raises(ValidationError) as exc:
        meeting_services.do_mark_missed(user=cti_worker, meeting=meeting, now=NOW)
    assert exc.value.messages == ["Et møde med status »aflyst« kan ikke ændres til »udeblevet«."]
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert len(moves(meeting)) == 2


@pytest.mark.django_db
def test_moved_meeting_is_marked_moved_and_its_invitation_cancelled(cti_course, cti_worker):
    meeting = book(cti_worker, cti_course)
    new = meeting_services.do_move_meeting(
        user=cti_worker,
        meeting=meeting,
        new_starts_at=datetime.datetime(2026, 12, 10, 10, 0, tzinfo=CPH),
        now=NOW,
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MOVED
    assert meeting.get_status_display() == "Flyttet"
    assert moves(meeting) == [("", "planned"), ("planned", "moved")]
    assert new.rescheduled_from == meeting and new.status == Meeting.Status.PLANNED
    assert b"STATUS:CANCELLED" in meeting_ics(meeting)


@pytest.mark.django_db
def test_held_meeting_minutes_can_be_corrected_without_a_new_move(
    cti_course, cti_worker, monkeypatch
):
    meeting = book(cti_worker, cti_course)
    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: datetime.datetime(2026, 12, 3, 12, 0, tzinfo=CPH)
    )
    meeting_services.do_record_meeting(
        user=cti_worker, meeting=meeting, minutes="Aftalt", attended={}
    )
    meeting_services.do_record_meeting(
        user=cti_worker, meeting=meeting, minutes="Aftalt: ny bolig", attended={}
    )
    meeting.refresh_from_db()
    assert (meeting.status, meeting.minutes) == ("held", "Aftalt: ny bolig")
    assert moves(meeting) == [("", "planned"), ("planned", "held")]
    with pytest.raises(ValidationError):
        meeting_services.do_cancel_meeting(user=cti_worker, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD


# ---------------------------------------------------------------- housing applications


@pytest.mark.django_db
def test_housing_application_moves_are_recorded(caseworker_ishoj, citizen_ishoj):
    application = application_for(caseworker_ishoj, citizen_ishoj)
    offer = housing_services.do_record_housing_offer(
        user=caseworker_ishoj, application=application, offered_on=D(2026, 9, 1), address="Vej 1"
    )
    housing_services.do_answer_housing_offer(
        user=caseworker_ishoj, housing_offer=offer, answer="turned_down", reason="For dyr"
    )
    housing_services.do_close_application(
        user=caseworker_ishoj, application=application, closed_on=D(2026, 10, 1)
    )
    assert moves(application) == [
        ("", "active"),
        ("active", "offered"),
        ("offered", "active"),
        ("active", "closed"),
    ]
    assert application.changes.get(to_status="active", from_status="offered").reason == "For dyr"


@pytest.mark.django_db
def test_closed_application_gets_no_offer_and_stays_closed(caseworker_ishoj, citizen_ishoj):
    application = application_for(caseworker_ishoj, citizen_ishoj)
    housing_services.do_close_application(user=caseworker_ishoj, application=application)
    with pytest.raises(ValidationError) as exc:
        housing_services.do_record_housing_offer(
            user=caseworker_ishoj,
            application=application,
            offered_on=D(2026, 9, 1),
            address="Vej 1",
        )
    assert exc.value.messages == [
        "En boligansøgning med status »afsluttet uden bolig« kan ikke ændres til »bolig tilbudt«."
    ]
    with pytest.raises(ValidationError) as exc:
        housing_services.do_close_application(user=caseworker_ishoj, application=application)
    assert exc.value.messages == ["Status er allerede »afsluttet uden bolig«."]
    application.refresh_from_db()
    assert application.status == HousingApplication.Status.CLOSED
    assert not HousingOffer.objects.filter(application=application).exists()
    assert len(moves(application)) == 2


# ---------------------------------------------------------------- courses


@pytest.mark.django_db
def test_ended_course_cannot_end_again_and_keeps_its_end(cti_course, cti_worker):
    course_services.do_end_course(
        user=cti_worker, course=cti_course, ended_on=D(2026, 11, 1), outcome="other"
    )
    assert moves(cti_course) == [("", "active"), ("active", "ended")]
    assert cti_course.changes.last().reason == "Andet"
    with pytest.raises(ValidationError) as exc:
        course_services.do_end_course(
            user=cti_worker, course=cti_course, ended_on=D(2026, 11, 20), outcome="other"
        )
    assert exc.value.messages == ["Status er allerede »afsluttet«."]
    cti_course.refresh_from_db()
    assert (cti_course.status, cti_course.ended_on) == ("ended", D(2026, 11, 1))
    assert len(moves(cti_course)) == 2


# ---------------------------------------------------------------- report jobs


@pytest.mark.django_db
def test_report_job_cannot_go_back_to_the_queue(manager_ishoj):
    job = ReportJob.objects.create(kind="x", title="Optælling", requested_by=manager_ishoj)
    JOB_STATUS.move(job, to=ReportJob.Status.RUNNING)
    with pytest.raises(ValidationError) as exc:
        JOB_STATUS.move(job, to=ReportJob.Status.QUEUED)
    assert exc.value.messages == [
        "En rapportkørsel med status »i gang« kan ikke ændres til »i kø«."
    ]
    job.refresh_from_db()
    assert job.status == ReportJob.Status.RUNNING
    assert moves(job) == [("queued", "running")]
    assert job.changes.get().by is None  # the worker


# ---------------------------------------------------------------- at the same time


def race(*calls) -> list[str]:
    """Run the calls at the same moment in threads; each gives "ok" or the refusal."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(call):
        try:
            barrier.wait()
            call()
            result = "ok"
        except ValidationError as exc:
            result = exc.messages[0]
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


postgres_only = pytest.mark.skipif(
    not ON_POSTGRES, reason="Kun PostgreSQL: tråde mod en rigtig databaseserver"
)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_meeting_cancelled_and_marked_missed_at_once_gets_one_move(cti_course, cti_worker):
    meeting = book(cti_worker, cti_course)
    outcomes = race(
        lambda: meeting_services.do_cancel_meeting(user=cti_worker, meeting=meeting),
        lambda: meeting_services.do_mark_missed(user=cti_worker, meeting=meeting, now=NOW),
    )
    assert len(outcomes) == 2 and outcomes.count("ok") == 1
    assert len(moves(meeting)) == 2


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_application_closed_twice_at_once_is_closed_once(caseworker_ishoj, citizen_ishoj):
    application = application_for(caseworker_ishoj, citizen_ishoj)
    close = lambda: housing_services.do_close_application(  # noqa: E731
        user=caseworker_ishoj, application=application
    )
    assert sorted(race(close, close)) == ["Status er allerede »afsluttet uden bolig«.", "ok"]
    assert moves(application) == [("", "active"), ("active", "closed")]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_course_ended_twice_at_once_is_ended_once(cti_course, cti_worker):
    def end(day):
        return lambda: course_services.do_end_course(
            user=cti_worker, course=cti_course, ended_on=day, outcome="other"
        )

    assert sorted(race(end(D(2026, 11, 1)), end(D(2026, 11, 2)))) == [
        "Status er allerede »afsluttet«.",
        "ok",
    ]
    assert Course.objects.get(pk=cti_course.pk).changes.count() == 2


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_report_job_started_by_two_workers_at_once_runs_once(manager_ishoj):
    job = ReportJob.objects.create(kind="x", title="Optælling", requested_by=manager_ishoj)
    start = lambda: JOB_STATUS.move(job, to=ReportJob.Status.RUNNING)  # noqa: E731
    assert sorted(race(start, start)) == ["Status er allerede »i gang«.", "ok"]
    assert moves(job) == [("queued", "running")]
