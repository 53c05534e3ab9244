"""The citizen's plan, goals, scores, meetings, contact persons and messages on their own pages,
and what staff then see."""

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from hjemvej.audit.models import Action, AuditEntry
from hjemvej.journal.models import CitizenMessage
from hjemvej.meetings.models import CitizenReply, Meeting
from hjemvej.plans.models import Goal, Score, ScoredBy, SubGoal

pytestmark = pytest.mark.django_db


def _own_rows(citizen):
    return AuditEntry.objects.filter(citizen_uuid=citizen.uuid, actor_username="borgeren selv")


# ---------------------------------------------------------------- plan and goals


def test_citizen_sees_plan_in_plain_language_with_both_kinds_of_goal(jorgen, jorgen_plan):
    html = jorgen.get(f"/mine-sider/plan/{jorgen_plan.uuid}/").content.decode()
    assert "Det arbejder vi hen imod" in html
    assert "Jeg vil have en hund" in html  # own goal
    assert "Jeg klarer selv madlavning" in html  # professional goal
    assert "Jeg har en ugeplan" in html
    assert "Personalets vurdering" in html and "Din vurdering" in html
    listing = jorgen.get("/mine-sider/plan/").content.decode()
    assert f"/mine-sider/plan/{jorgen_plan.uuid}/" in listing


def test_citizen_adds_own_goal_marked_as_written_by_the_citizen(jorgen, jorgen_plan, citizen_ishoj):
    jorgen_plan.refresh_from_db()
    version = jorgen_plan.version
    response = jorgen.post(
        f"/mine-sider/plan/{jorgen_plan.uuid}/nyt-maal/", {"title": "Jeg vil se min søster"}
    )
    assert response.status_code == 302
    goal = Goal.objects.get(title="Jeg vil se min søster")
    assert goal.kind == Goal.Kind.CITIZEN
    assert goal.written_by == ScoredBy.CITIZEN and goal.proposed_by == ScoredBy.CITIZEN
    assert goal.created_by is None
    jorgen_plan.refresh_from_db()
    assert jorgen_plan.version == version + 1
    row = _own_rows(citizen_ishoj).get(action=Action.CREATE)
    assert row.summary == "Borgeren skrev et eget mål" and row.actor_id is None


def test_empty_goal_is_refused_in_danish(jorgen, jorgen_plan):
    html = jorgen.post(f"/mine-sider/plan/{jorgen_plan.uuid}/nyt-maal/", {"title": "  "})
    assert "Skriv dit mål." in html.content.decode()


def test_citizen_changes_own_goal_but_not_a_professional_goal(jorgen, jorgen_plan):
    own = jorgen_plan.goals.get(kind=Goal.Kind.CITIZEN)
    professional = jorgen_plan.goals.get(kind=Goal.Kind.PROFESSIONAL)
    jorgen.post(f"/mine-sider/maal/{own.uuid}/ret/", {"title": "Jeg vil have en lille hund"})
    own.refresh_from_db()
    assert own.title == "Jeg vil have en lille hund" and own.written_by == ScoredBy.CITIZEN
    response = jorgen.post(f"/mine-sider/maal/{professional.uuid}/ret/", {"title": "Andet"})
    assert response.status_code == 404
    professional.refresh_from_db()
    assert professional.title.startswith("Jeg klarer selv")


def test_citizen_score_stands_beside_the_staff_score(jorgen, jorgen_plan, citizen_ishoj):
    sub_goal = SubGoal.objects.get(goal__plan=jorgen_plan)
    follow_up = sub_goal.follow_up_on
    response = jorgen.post(
        f"/mine-sider/delmaal/{sub_goal.uuid}/min-vurdering/", {"value": "1", "note": "Bedre"}
    )
    assert response.status_code == 302
    scores = Score.objects.filter(sub_goal=sub_goal)
    staff = scores.get(scored_by=ScoredBy.STAFF)
    own = scores.get(scored_by=ScoredBy.CITIZEN)
    assert (staff.value, own.value, own.user_id) == (3, 1, None)
    assert own.scored_on == timezone.localdate()
    sub_goal.refresh_from_db()
    assert sub_goal.follow_up_on == follow_up  # the citizen's score is no staff follow-up
    assert _own_rows(citizen_ishoj).filter(summary__contains="scoret 1").exists()
    html = jorgen.get(f"/mine-sider/plan/{jorgen_plan.uuid}/").content.decode()
    assert "Din egen vurdering er gemt" in html


def test_score_outside_the_scale_is_refused(jorgen, jorgen_plan):
    sub_goal = SubGoal.objects.get(goal__plan=jorgen_plan)
    html = jorgen.post(f"/mine-sider/delmaal/{sub_goal.uuid}/min-vurdering/", {"value": "7"})
    assert "Vælg et tal fra 0 til 4." in html.content.decode()
    assert not Score.objects.filter(scored_by=ScoredBy.CITIZEN).exists()


def test_ended_plan_takes_no_new_goals(jorgen, jorgen_plan):
    jorgen_plan.ends_on = timezone.localdate()
    jorgen_plan.save(update_fields=["ends_on"])
    response = jorgen.post(f"/mine-sider/plan/{jorgen_plan.uuid}/nyt-maal/", {"title": "Nyt"})
    assert response.status_code == 404


def test_another_citizens_plan_goal_sub_goal_and_meeting_are_404(jorgen, freja_plan, freja_meeting):
    own_goal = freja_plan.goals.get(kind=Goal.Kind.CITIZEN)
    sub_goal = SubGoal.objects.get(goal__plan=freja_plan)
    for method, path, data in [
        ("get", f"/mine-sider/plan/{freja_plan.uuid}/", {}),
        ("post", f"/mine-sider/plan/{freja_plan.uuid}/nyt-maal/", {"title": "x"}),
        ("post", f"/mine-sider/maal/{own_goal.uuid}/ret/", {"title": "x"}),
        ("post", f"/mine-sider/delmaal/{sub_goal.uuid}/min-vurdering/", {"value": "0"}),
        ("get", f"/mine-sider/moeder/{freja_meeting.uuid}/kalender.ics", {}),
        ("post", f"/mine-sider/moeder/{freja_meeting.uuid}/bekraeft/", {}),
        ("post", f"/mine-sider/moeder/{freja_meeting.uuid}/flyt/", {"wish": "x"}),
    ]:
        response = getattr(jorgen, method)(path, data)
        assert response.status_code == 404, path
        assert "Bøgh" not in response.content.decode()
    assert freja_plan.goals.count() == 2
    assert not Score.objects.filter(scored_by=ScoredBy.CITIZEN).exists()
    freja_meeting.refresh_from_db()
    assert freja_meeting.citizen_reply == ""


# ---------------------------------------------------------------- meetings


def test_citizen_sees_coming_meeting_and_downloads_a_neutral_ics(
    jorgen, jorgen_meeting, citizen_ishoj
):
    html = jorgen.get("/mine-sider/moeder/").content.decode()
    assert "Ishøj Store Torv 20" in html and "Mette Lund" in html
    response = jorgen.get(f"/mine-sider/moeder/{jorgen_meeting.uuid}/kalender.ics")
    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["uid"]) == f"{jorgen_meeting.uuid}@hjemvej"
    assert event.decoded("dtstart") == jorgen_meeting.starts_at
    assert str(event["summary"]) == "Aftale med Ishøj Kommune"
    assert str(event["location"]) == "Ishøj Store Torv 20, 2635 Ishøj"
    assert _own_rows(citizen_ishoj).filter(action=Action.EXPORT).exists()


def test_citizen_confirms_a_meeting_and_staff_see_it(
    jorgen, jorgen_meeting, as_user, caseworker_ishoj, citizen_ishoj
):
    jorgen.post(f"/mine-sider/moeder/{jorgen_meeting.uuid}/bekraeft/")
    jorgen_meeting.refresh_from_db()
    assert jorgen_meeting.citizen_reply == CitizenReply.CONFIRMED
    assert _own_rows(citizen_ishoj).filter(summary="Borgeren bekræftede mødet").exists()
    staff = as_user(caseworker_ishoj)
    assert "Bekræftet af borgeren" in staff.get(f"/moeder/{jorgen_meeting.uuid}/").content.decode()
    assert "Bekræftet af borgeren" in staff.get("/moeder/").content.decode()


def test_citizen_asks_to_move_a_meeting_and_it_is_on_the_worklist(
    jorgen, jorgen_meeting, as_user, caseworker_ishoj, citizen_ishoj
):
    html = jorgen.post(f"/mine-sider/moeder/{jorgen_meeting.uuid}/flyt/", {"wish": ""})
    assert "Skriv kort hvorfor" in html.content.decode()
    jorgen.post(
        f"/mine-sider/moeder/{jorgen_meeting.uuid}/flyt/", {"wish": "Jeg er hos lægen. Fredag?"}
    )
    jorgen_meeting.refresh_from_db()
    assert jorgen_meeting.citizen_reply == CitizenReply.MOVE
    assert jorgen_meeting.status == Meeting.Status.PLANNED  # booked until staff move it
    staff = as_user(caseworker_ishoj)
    home = staff.get("/").content.decode()
    assert '<a href="/arbejdsliste/flytteoensker/">Borgere der beder om at flytte' in home
    assert "Jeg er hos lægen. Fredag?" in staff.get("/arbejdsliste/flytteoensker/").content.decode()
    assert "Jeg er hos lægen" in staff.get(f"/moeder/{jorgen_meeting.uuid}/").content.decode()


def test_move_requests_are_not_on_another_municipalitys_worklist(
    jorgen, jorgen_meeting, as_user, caseworker_ballerup
):
    jorgen.post(f"/mine-sider/moeder/{jorgen_meeting.uuid}/flyt/", {"wish": "Fredag?"})
    ballerup = as_user(caseworker_ballerup)
    assert "Fredag?" not in ballerup.get("/arbejdsliste/flytteoensker/").content.decode()


def test_a_cancelled_meeting_cannot_be_confirmed(jorgen, jorgen_meeting, caseworker_ishoj):
    from hjemvej.meetings.services import do_cancel_meeting

    do_cancel_meeting(user=caseworker_ishoj, meeting=jorgen_meeting)
    assert jorgen.post(f"/mine-sider/moeder/{jorgen_meeting.uuid}/bekraeft/").status_code == 404
    assert "Du har ingen møder lige nu." in jorgen.get("/mine-sider/moeder/").content.decode()


# ---------------------------------------------------------------- contact persons and messages


def test_contacts_page_names_the_caseworker_with_phone(jorgen, jorgen_plan, jorgen_meeting):
    html = jorgen.get("/mine-sider/kontakter/").content.decode()
    assert "Mette Lund" in html and "43 57 70 00" in html
    assert "Kontaktperson ved dine møder" in html
    assert "Har lavet din plan sammen med dig" in html


def test_who_looked_still_hides_the_staff_name(jorgen, jorgen_plan, jorgen_meeting):
    html = jorgen.get("/mine-sider/hvem-har-set-mine-oplysninger/").content.decode()
    assert "Myndighed, Voksne udsatte" in html
    assert "Mette" not in html and "Lund" not in html


def test_message_reaches_the_journal_and_the_worklist(
    jorgen, jorgen_meeting, as_user, caseworker_ishoj, citizen_ishoj, caseworker_ballerup
):
    form = jorgen.get("/mine-sider/beskeder/").content.decode()
    key = f"{caseworker_ishoj.pk}-{jorgen_meeting.unit_id}"
    assert f'value="{key}"' in form
    jorgen.post("/mine-sider/beskeder/", {"to": key, "text": "Kan vi tale om min bolig?"})
    message = CitizenMessage.objects.get()
    assert (message.citizen, message.recipient) == (citizen_ishoj, caseworker_ishoj)
    assert _own_rows(citizen_ishoj).filter(summary__contains="sendte en besked").exists()
    staff = as_user(caseworker_ishoj)
    home = staff.get("/").content.decode()
    assert '<a href="/arbejdsliste/beskeder/">Beskeder fra borgere</a>' in home
    listed = staff.get("/arbejdsliste/beskeder/").content.decode()
    assert "Kan vi tale om min bolig?" in listed
    journal = staff.get(f"/journal/borger/{citizen_ishoj.uuid}/").content.decode()
    assert "Beskeder fra borgeren" in journal and "Kan vi tale om min bolig?" in journal
    staff.post(f"/journal/besked/{message.uuid}/behandlet/")
    message.refresh_from_db()
    assert message.handled_by == caseworker_ishoj
    assert "Kan vi tale om min bolig?" not in staff.get("/arbejdsliste/beskeder/").content.decode()
    assert "Læst og behandlet" in jorgen.get("/mine-sider/beskeder/").content.decode()
    assert "Kan vi tale" not in as_user(caseworker_ballerup).get("/").content.decode()


def test_message_to_someone_not_among_the_contacts_is_refused(
    jorgen, jorgen_meeting, caseworker_ballerup
):
    html = jorgen.post(
        "/mine-sider/beskeder/", {"to": f"{caseworker_ballerup.pk}-1", "text": "Hej"}
    ).content.decode()
    assert "Vælg en af dine kontaktpersoner." in html
    assert not CitizenMessage.objects.exists()


def test_without_contact_persons_the_message_goes_to_the_authority(
    jorgen, ishoj_authority, citizen_ishoj
):
    jorgen.post("/mine-sider/beskeder/", {"to": f"unit-{ishoj_authority.pk}", "text": "Hej"})
    message = CitizenMessage.objects.get()
    assert message.unit == ishoj_authority and message.recipient is None


def test_front_page_shows_the_next_meeting(jorgen, jorgen_meeting):
    html = jorgen.get("/mine-sider/").content.decode()
    assert f"Næste møde: {timezone.localtime(jorgen_meeting.starts_at):%d.%m.%Y}" in html


# ---------------------------------------------------------------- the services themselves


def test_citizen_services_refuse_another_citizens_plan_and_professional_goals(
    jorgen_plan, citizen_ballerup, citizen_ishoj
):
    from django.core.exceptions import ValidationError

    from hjemvej.plans import services

    with pytest.raises(ValidationError, match="hører ikke til dig"):
        services.do_add_citizen_goal(citizen=citizen_ballerup, plan=jorgen_plan, title="x")
    professional = jorgen_plan.goals.get(kind=Goal.Kind.PROFESSIONAL)
    with pytest.raises(ValidationError, match="kun ændre dine egne mål"):
        services.do_update_citizen_goal(citizen=citizen_ishoj, goal=professional, title="x")
    sub_goal = SubGoal.objects.get(goal__plan=jorgen_plan)
    with pytest.raises(ValidationError, match="hører ikke til dig"):
        services.do_score_by_citizen(citizen=citizen_ballerup, sub_goal=sub_goal, value=0)
    assert not Score.objects.filter(scored_by=ScoredBy.CITIZEN).exists()


def test_meeting_services_refuse_another_citizens_meeting(jorgen_meeting, citizen_ballerup):
    from django.core.exceptions import ValidationError

    from hjemvej.meetings import services

    with pytest.raises(ValidationError, match="hører ikke til dig"):
        services.do_confirm_by_citizen(citizen=citizen_ballerup, meeting=jorgen_meeting)
    with pytest.raises(ValidationError, match="hører ikke til dig"):
        services.do_ask_to_move_by_citizen(
            citizen=citizen_ballerup, meeting=jorgen_meeting, wish="x"
        )


def test_staff_move_the_meeting_the_citizen_asked_to_move(
    jorgen, jorgen_meeting, as_user, caseworker_ishoj
):
    jorgen.post(f"/mine-sider/moeder/{jorgen_meeting.uuid}/flyt/", {"wish": "Fredag?"})
    new_day = timezone.localdate() + datetime.timedelta(days=4)
    staff = as_user(caseworker_ishoj)
    response = staff.post(
        f"/moeder/{jorgen_meeting.uuid}/flyt/",
        {"flyt-new_date": new_day.isoformat(), "flyt-new_time": "13:00"},
    )
    jorgen_meeting.refresh_from_db()
    new = Meeting.objects.get(rescheduled_from=jorgen_meeting)
    assert response["Location"] == f"/moeder/{new.uuid}/"
    assert jorgen_meeting.status == Meeting.Status.MOVED
    assert timezone.localtime(new.starts_at).date() == new_day
    assert new.place == jorgen_meeting.place and new.citizen_reply == ""
    assert new.participants.filter(kind="citizen").exists()
    assert "Fredag?" not in staff.get("/").content.decode()
    html = jorgen.get("/mine-sider/moeder/").content.decode()
    assert f"{new_day:%d.%m.%Y}" in html and "kl. 13.00" in html
    assert "(flyttet)" in staff.get(f"/moeder/{new.uuid}/").content.decode()


def test_staff_cannot_move_a_meeting_into_the_past(jorgen_meeting, as_user, caseworker_ishoj):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    as_user(caseworker_ishoj).post(
        f"/moeder/{jorgen_meeting.uuid}/flyt/",
        {"flyt-new_date": yesterday.isoformat(), "flyt-new_time": "10:00"},
    )
    jorgen_meeting.refresh_from_db()
    assert jorgen_meeting.status == Meeting.Status.PLANNED
    assert not Meeting.objects.filter(rescheduled_from=jorgen_meeting).exists()
