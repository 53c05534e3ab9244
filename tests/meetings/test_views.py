"""Meeting pages: minutes and attendance, a missed meeting booked again, the citizen's opt-out."""

import datetime

import pytest
from django.utils import timezone

from hjemvej.meetings import rules, services
from hjemvej.meetings.models import Meeting, Reminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(cti_course, cti_worker):
    return services.do_book_meeting(
        user=cti_worker,
        kind=rules.NETWORK,
        unit=cti_course.unit,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        duration_minutes=60,
        place="Ishøj Strandvej 44",
        citizen=cti_course.citizen,
        course=cti_course,
    )


def test_minutes_and_attendance_after_the_meeting(as_user, cti_worker, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now(),
    )
    citizen_part = meeting.participants.get(kind="citizen")
    staff_part = meeting.participants.get(kind="staff")
    response = as_user(cti_worker).post(
        f"/moeder/{meeting.uuid}/afholdt/",
        {"minutes": "Aftalt hvem der hjælper med flytningen.", f"deltog_{staff_part.pk}": "on"},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    citizen_part.refresh_from_db()
    staff_part.refresh_from_db()
    assert meeting.status == "held" and "flytningen" in meeting.minutes
    assert (citizen_part.attended, staff_part.attended) == (False, True)
    assert not meeting.reminders.filter(status="pending").exists()


def test_missed_meeting_booked_again_from_the_page(as_user, cti_worker, meeting):
    new_day = timezone.localdate() + datetime.timedelta(days=10)
    response = as_user(cti_worker).post(
        f"/moeder/{meeting.uuid}/udeblevet/",
        {"new_date": new_day.isoformat(), "new_time": "11:30"},
        follow=True,
    )
    page = response.content.decode()
    assert "Udeblivelsen er registreret, og mødet er booket igen." in page
    new = Meeting.objects.get(rescheduled_from=meeting)
    assert timezone.localtime(new.starts_at).strftime("%d.%m.%Y %H:%M") == (
        f"{new_day:%d.%m.%Y} 11:30"
    )
    overview = (
        as_user(cti_worker).get(f"/borgere/{meeting.citizen.uuid}/afsnit/moeder/").content.decode()
    )
    assert "Udeblevet fra møder: 1 gang." in overview


def test_citizen_opts_out_of_sms_from_the_page(as_user, cti_worker, meeting):
    response = as_user(cti_worker).post(
        f"/moeder/borger/{meeting.citizen.uuid}/paamindelser/", {"email_reminders": "on"}
    )
    assert response.status_code == 302
    assert set(Reminder.objects.values_list("status", flat=True)) == {"cancelled"}
    overview = (
        as_user(cti_worker).get(f"/borgere/{meeting.citizen.uuid}/afsnit/moeder/").content.decode()
    )
    assert "SMS fravalgt" in overview


def test_booking_in_the_past_is_refused_next_to_the_date(as_user, cti_worker, cti_course):
    response = as_user(cti_worker).post(
        f"/moeder/borger/{cti_course.citizen.uuid}/nyt/",
        {
            "kind": "network",
            "date": "2020-01-01",
            "time": "10:00",
            "duration_minutes": 60,
            "place": "Ishøj Strandvej 44",
            "unit": cti_course.unit.pk,
            "citizen_attends": "on",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mødet skal ligge i fremtiden." in page
    assert not Meeting.objects.exists()


def test_meetings_list_shows_my_meetings(as_user, cti_worker, meeting):
    page = as_user(cti_worker).get("/moeder/").content.decode()
    assert "Netværksmøde før udflytning" in page and meeting.citizen.full_name in page


def test_municipality_shelter_meeting_is_booked_for_the_offer_and_tracked(
    as_user, caseworker_ishoj, ishoj_shelter_unit, shelter_worker_ishoj
):
    client = as_user(caseworker_ishoj)
    listing = client.get("/moeder/").content.decode()
    assert "De fleksible afklaringspladser" in listing and "(forfalden)" in listing
    day = timezone.localdate() + datetime.timedelta(days=7)
    response = client.post(
        "/moeder/tilbud/nyt/",
        {
            "unit": ishoj_shelter_unit.pk,
            "date": day.isoformat(),
            "time": "09:00",
            "duration_minutes": 90,
            "place": "Ishøj Rådhus",
            "staff": [shelter_worker_ishoj.pk],
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(kind=rules.MUNICIPALITY_SHELTER)
    assert meeting.citizen is None and not meeting.reminders.exists()
    assert {p.user for p in meeting.participants.all()} == {caseworker_ishoj, shelter_worker_ishoj}
    listing = client.get("/moeder/").content.decode()
    assert f"{day:%d.%m.%Y} 09:00" in listing
    assert as_user(shelter_worker_ishoj).get(f"/moeder/{meeting.uuid}/").status_code == 200


def test_colleague_invited_to_a_citizen_meeting(
    as_user, cti_worker, cti_course, ishoj_shelter_unit
):
    from tests.factories import UserFactory, member

    colleague = member(
        UserFactory(username="kollega", first_name="Sofie"), cti_course.unit, "offer_staff"
    )
    day = timezone.localdate() + datetime.timedelta(days=7)
    as_user(cti_worker).post(
        f"/moeder/borger/{cti_course.citizen.uuid}/nyt/?forloeb={cti_course.uuid}",
        {
            "kind": "network",
            "date": day.isoformat(),
            "time": "10:00",
            "duration_minutes": 60,
            "place": "Ishøj Strandvej 44",
            "unit": cti_course.unit.pk,
            "staff": [colleague.pk],
            "citizen_attends": "on",
            "course": str(cti_course.uuid),
        },
    )
    meeting = Meeting.objects.get(course=cti_course)
    assert {p.user for p in meeting.participants.filter(kind="staff")} == {cti_worker, colleague}
