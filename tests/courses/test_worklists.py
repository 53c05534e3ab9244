"""The home page's worklists: what they show, and a query count that does not grow with the
number of citizens."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hjemvej.accounts.models import Unit
from hjemvej.courses import services
from hjemvej.meetings import rules
from hjemvej.meetings.services import do_book_meeting
from hjemvej.people.models import Relationship
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def _fill(n, *, ishoj, unit, template, worker, shelter):
    today = timezone.localdate()
    last_week = today - datetime.timedelta(days=today.weekday() + 7)
    for i in range(n):
        citizen = CitizenFactory(acting_municipality=ishoj, phone="20000000")
        Relationship.objects.create(
            citizen=citizen, unit=shelter, kind="stay", started_on=datetime.date(2026, 1, 1)
        )
        services.do_register_support(
            user=worker, citizen=citizen, unit=shelter, date=last_week, minutes=60, kind="phone"
        )
        course = services.do_start_course(
            user=worker,
            citizen=citizen,
            template=template,
            unit=unit,
            started_on=today - datetime.timedelta(days=85),
            tenancy_from=today - datetime.timedelta(days=90),
        )
        do_book_meeting(
            user=worker,
            kind=rules.NETWORK,
            unit=unit,
            starts_at=timezone.now() + datetime.timedelta(minutes=5 + i),
            duration_minutes=30,
            place="Ishøj Strandvej 44",
            citizen=citizen,
            course=course,
        )
        services.do_register_move_to_own_home(
            citizen=citizen, moved_on=today - datetime.timedelta(days=70), source="test"
        )


def _home_queries(client, url="/") -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_home_worklists_show_work_and_cost_the_same_for_10_and_30_citizens(
    as_user, ishoj, cti_worker, aagaarden_unit, cti_template, ishoj_shelter_unit, shelter_norm
):
    client = as_user(cti_worker)
    kwargs = dict(
        ishoj=ishoj,
        unit=aagaarden_unit,
        template=cti_template,
        worker=cti_worker,
        shelter=ishoj_shelter_unit,
    )
    _fill(10, **kwargs)
    few, page = _home_queries(client)
    held_few = _home_queries(client)[0]  # the counts held (front.home)
    few_support, _ = _home_queries(client, "/forloeb/stoettetid/")
    few_meetings, _ = _home_queries(client, "/moeder/")
    lists = ["/arbejdsliste/moeder/", "/arbejdsliste/faseskift/", "/arbejdsliste/opfoelgninger/"]
    few_lists = [_home_queries(client, url)[0] for url in lists]
    # The home page counts each kind and links to the full list.
    assert '<a href="/arbejdsliste/faseskift/">Forløb der snart skifter fase</a>' in page
    assert "Overskredne opfølgninger efter flytning" in page
    assert "Borgere under støttenormen i uge" in page
    assert "Møder denne uge" in page
    assert page.count("Netværksmøde før udflytning") <= 5  # a handful of today's meetings
    followups = _home_queries(client, "/arbejdsliste/opfoelgninger/")[1]
    assert "Opfølgning 1 mdr. efter flytning til egen bolig" in followups
    week = _home_queries(client, "/arbejdsliste/moeder/")[1]
    assert week.count("Netværksmøde før udflytning") >= 10
    _fill(20, **kwargs)
    # "Opdatér tallene": the counts worked out anew for the bigger caseload, then held.
    assert client.post("/forside/opdater-tal/").status_code == 302
    many, page = _home_queries(client)
    held_many = _home_queries(client)[0]
    assert page.count("Netværksmøde før udflytning") <= 5
    week = _home_queries(client, "/arbejdsliste/moeder/")[1]
    assert week.count("Netværksmøde før udflytning") >= 30
    assert (few, held_few) == (many, held_many) and held_few < few
    assert _home_queries(client, "/forloeb/stoettetid/")[0] == few_support
    assert _home_queries(client, "/moeder/")[0] == few_meetings
    assert [_home_queries(client, url)[0] for url in lists] == few_lists


def test_citizen_overview_shows_course_meetings_and_journal_sections(
    as_user, cti_worker, cti_course
):
    client = as_user(cti_worker)
    base = f"/borgere/{cti_course.citizen.uuid}/"
    page = client.get(base).content.decode()
    for tab in ("Forløb", "Møder", "Journal"):
        assert f"<span>{tab}</span>" in page  # the summary's tabs
    for key, heading in (
        ("forloeb", "Forløb og støttetid"),
        ("moeder", "Møder og påmindelser"),
        ("journal", "Journal"),
    ):
        assert heading in client.get(f"{base}afsnit/{key}/").content.decode()
    meetings = client.get(f"{base}afsnit/moeder/").content.decode()
    assert "Årlig opfølgning på mål" in meetings  # a proposed meeting from the rules


def test_support_overview_per_offer_marks_citizens_below_the_norm(
    as_user, shelter_worker_ishoj, resident_ishoj, ishoj_shelter_unit, shelter_norm
):
    services.do_register_support(
        user=shelter_worker_ishoj,
        citizen=resident_ishoj,
        unit=ishoj_shelter_unit,
        date=datetime.date(2026, 11, 3),
        minutes=600,
        kind="conversation",
    )
    page = as_user(shelter_worker_ishoj).get("/forloeb/stoettetid/?uge=2026-11-02").content.decode()
    assert "Bo Hansen" in page and "10,00" in page and "11,51" in page
    assert "Under normen" in page
    services.do_register_support(
        user=shelter_worker_ishoj,
        citizen=resident_ishoj,
        unit=ishoj_shelter_unit,
        date=timezone.localdate(),
        minutes=30,
        kind="phone",
    )
    overview = as_user(shelter_worker_ishoj).get(f"/borgere/{resident_ishoj.uuid}/afsnit/forloeb/")
    text = overview.content.decode()
    assert "0,50 timer af 11,51 timer pr. uge <strong>(under normen)" in text


def test_support_below_counts_in_sql_what_support_week_marks_below(
    shelter_worker_ishoj, ishoj, ishoj_shelter_unit, shelter_norm
):
    from hjemvej.courses import selectors

    week = datetime.date(2026, 11, 2)
    # 11.51 hours: 690 minutes are 11.50 hours (below), 691 are 11.52 (not below).
    for i, minutes in enumerate([0, 30, 690, 691, 700, 690]):
        citizen = CitizenFactory(acting_municipality=ishoj, last_name=f"Borger{i}")
        for started in (datetime.date(2026, 1, 1), datetime.date(2026, 6, 1)):
            # Two ties to the same unit: still one row.
            Relationship.objects.create(
                citizen=citizen, unit=ishoj_shelter_unit, kind="stay", started_on=started
            )
        if minutes:
            services.do_register_support(
                user=shelter_worker_ishoj,
                citizen=citizen,
                unit=ishoj_shelter_unit,
                date=week + datetime.timedelta(days=2),
                minutes=minutes,
                kind="conversation",
            )
    assert selectors.minutes_for(shelter_norm.weekly_hours) == 691
    units = [ishoj_shelter_unit]
    expected = [
        (r.citizen.pk, r.delivered_minutes)
        for r in selectors.support_week(units, week, user=shelter_worker_ishoj)
        if r.below
    ]
    rows, total = selectors.support_below(units, week, user=shelter_worker_ishoj)
    assert total == 4 == len(expected)
    assert [(r.citizen.pk, r.delivered_minutes) for r in rows] == expected
    assert all(r.below for r in rows)
    rows, total = selectors.support_below(units, week, user=shelter_worker_ishoj, limit=2)
    assert total == 4 and [(r.citizen.pk, r.delivered_minutes) for r in rows] == expected[:2]
    # The home page's count (limit=0): the units as a queryset, read only as a subquery.
    rows, total = selectors.support_below(
        Unit.objects.filter(pk=ishoj_shelter_unit.pk), week, user=shelter_worker_ishoj, limit=0
    )
    assert (rows, total) == ([], 4)
