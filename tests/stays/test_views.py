"""The shelter worker's and the caseworker's pages, and their query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hjemvej.deadlines.models import Task
from hjemvej.offers.catalogue import OFFERS, ensure_offer
from hjemvej.offers.models import Referral
from hjemvej.stays import services
from hjemvej.stays.models import Stay
from tests.factories import CitizenFactory
from tests.offers.helpers import SHELTER_OK

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelter(ishoj_shelter_unit):
    return ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])


def arrival_form(citizen, **extra):
    data = {
        "cpr": citizen.cpr,
        "started_on": timezone.localdate().isoformat(),
        "fact_active_substance_use": "no",
        "fact_untreated_mental_illness": "no",
        "fact_physical_care_needs": "no",
    }
    data.update(extra)
    return data


def test_shelter_worker_registers_arrival_and_sees_the_board(
    as_user, shelter_worker_ishoj, shelter, ishoj
):
    citizen = CitizenFactory(acting_municipality=ishoj, first_name="Karl", last_name="Berg")
    client = as_user(shelter_worker_ishoj)
    response = client.post(
        f"/ophold/ankomst/{shelter.uuid}/",
        arrival_form(citizen, room=str(shelter.rooms.get(name="Værelse 3 – Birk").pk)),
        follow=True,
    )
    html = response.content.decode()
    assert "Karl Berg er optaget på De fleksible afklaringspladser (Værelse 3 – Birk)." in html
    assert "1 af 9 pladser optaget" in html
    assert "Karl Berg" in html


def test_arrival_of_unknown_cpr_needs_name_and_municipality(as_user, shelter_worker_ishoj, shelter):
    response = as_user(shelter_worker_ishoj).post(
        f"/ophold/ankomst/{shelter.uuid}/",
        {**arrival_form(CitizenFactory.build(cpr="0101801234")), "cpr": "0101801234"},
    )
    html = response.content.decode()
    assert "Borgeren er ikke kendt i Hjemvej – udfyld navn og handlekommune." in html
    assert not Stay.objects.exists()


def test_arrival_with_unknown_facts_shows_the_questions(
    as_user, shelter_worker_ishoj, shelter, ishoj
):
    citizen = CitizenFactory(acting_municipality=ishoj)
    response = as_user(shelter_worker_ishoj).post(
        f"/ophold/ankomst/{shelter.uuid}/",
        {"cpr": citizen.cpr, "started_on": timezone.localdate().isoformat()},
    )
    html = response.content.decode()
    assert "Har borgeren et aktivt misbrug af rusmidler?" in html
    assert "Svar på spørgsmålene, før borgeren kan optages" in html
    assert not Stay.objects.exists()


def test_seventeen_year_old_arrival_shows_the_refusal_reason(
    as_user, shelter_worker_ishoj, shelter, ishoj
):
    young = CitizenFactory(
        acting_municipality=ishoj,
        birth_date=timezone.localdate().replace(year=timezone.localdate().year - 17),
    )
    response = as_user(shelter_worker_ishoj).post(
        f"/ophold/ankomst/{shelter.uuid}/", arrival_form(young)
    )
    html = response.content.decode()
    assert "Borgeren kan ikke optages" in html
    assert "Borgeren er 17 år; tilbuddet optager fra 18 år." in html
    assert Referral.objects.get(citizen=young).status == "refused"


def test_caseworker_cannot_open_the_arrival_page(as_user, caseworker_ishoj, shelter):
    assert as_user(caseworker_ishoj).get(f"/ophold/ankomst/{shelter.uuid}/").status_code == 404


def test_ballerup_caseworker_cannot_see_ishoj_board(as_user, caseworker_ballerup, shelter):
    assert (
        as_user(caseworker_ballerup).get(f"/ophold/belaegning/{shelter.uuid}/").status_code == 404
    )


def test_discharge_form_to_own_home(as_user, shelter_worker_ishoj, shelter, ishoj):
    citizen = CitizenFactory(acting_municipality=ishoj, first_name="Lis", last_name="Holm")
    stay = services.do_admit(
        user=shelter_worker_ishoj, offer=shelter, citizen=citizen, facts=SHELTER_OK
    ).stay
    client = as_user(shelter_worker_ishoj)
    response = client.post(
        f"/ophold/{stay.uuid}/udskriv/",
        {
            "ended_on": timezone.localdate().isoformat(),
            "destination": "own_home",
            "reason": "Egen lejlighed",
        },
        follow=True,
    )
    assert "Lis Holm er udskrevet fra De fleksible afklaringspladser." in response.content.decode()
    stay.refresh_from_db()
    assert stay.destination == "own_home"


def test_caseworker_worklist_shows_arrival_and_notification_deadline(
    as_user, caseworker_ishoj, shelter_worker_ishoj, shelter, ishoj
):
    citizen = CitizenFactory(acting_municipality=ishoj, first_name="Ny", last_name="Ankomst")
    services.do_admit(user=shelter_worker_ishoj, offer=shelter, citizen=citizen, facts=SHELTER_OK)
    client = as_user(caseworker_ishoj)
    html = client.get("/").content.decode()
    # The home page counts; the full lists name the citizen and the deadlines.
    assert '<a href="/ophold/arbejdsliste/ankomster/">Nye ankomster (7 dage)</a>' in html
    assert '<a href="/ophold/arbejdsliste/frister/">Åbne frister</a>' in html
    assert "Ny Ankomst" in client.get("/ophold/arbejdsliste/ankomster/").content.decode()
    tasks = client.get("/ophold/arbejdsliste/frister/").content.decode()
    assert "Underret handlekommunen (§110, stk. 6)" in tasks
    assert "Udarbejd handleplan (§141/§142)" in tasks


def test_worklist_names_overdue_notification_and_reimbursement(
    as_user, caseworker_ishoj, shelter_worker_ishoj, shelter, ishoj
):
    today = timezone.localdate()
    citizen = CitizenFactory(acting_municipality=ishoj, first_name="Lang", last_name="Tid")
    services.do_admit(
        user=shelter_worker_ishoj,
        offer=shelter,
        citizen=citizen,
        facts=SHELTER_OK,
        started_on=today - datetime.timedelta(days=78),
    )
    client = as_user(caseworker_ishoj)
    html = client.get("/").content.decode()
    assert "Overskredne frister" in html and "Ophold nær refusionsgrænsen" in html
    assert "refusion slutter om 12 nætter" in client.get("/arbejdsliste/refusion/").content.decode()


def test_worker_marks_the_notification_done(as_user, shelter_worker_ishoj, shelter, ishoj):
    stay = services.do_admit(
        user=shelter_worker_ishoj,
        offer=shelter,
        citizen=CitizenFactory(acting_municipality=ishoj),
        facts=SHELTER_OK,
    ).stay
    task = Task.objects.get(stay=stay, kind=Task.Kind.NOTIFY)
    response = as_user(shelter_worker_ishoj).post(
        f"/ophold/opgave/{task.uuid}/udfoer/", {"next": "/"}, follow=True
    )
    assert "Opgaven er udført: Underret handlekommunen (§110, stk. 6)." in response.content.decode()
    task.refresh_from_db()
    assert task.done_on == timezone.localdate()


_born = iter(range(100_000))


def _person(ishoj):
    """A distinct adult (the test factory's CPR numbers repeat after 100 per birth date)."""
    return CitizenFactory(
        acting_municipality=ishoj,
        birth_date=datetime.date(1950, 1, 1) + datetime.timedelta(days=next(_born)),
    )


def _fill(shelter, worker, ishoj, n):
    """n more residents at the shelter, each in a room of their own, with their tasks."""
    from hjemvej.offers.models import Room

    start = shelter.rooms.count()
    Room.objects.bulk_create(
        [
            Room(offer=shelter, name=f"Ekstra {start + i:04d}", position=100 + start + i)
            for i in range(n)
        ]
    )
    for _ in range(n):
        services.do_admit(
            user=worker,
            offer=shelter,
            citizen=_person(ishoj),
            facts=SHELTER_OK,
            started_on=timezone.localdate() - datetime.timedelta(days=80),
            # the test's waiting list is made by hand next to free rooms
            out_of_turn_reason="Testdata",
        )


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("n", [10])
def test_board_waiting_list_and_worklist_keep_their_query_count(
    as_user, shelter_worker_ishoj, caseworker_ishoj, shelter, ishoj, n
):
    from hjemvej.offers.models import ReferralStatus

    worker = as_user(shelter_worker_ishoj)
    caseworker = as_user(caseworker_ishoj)
    urls = [f"/ophold/belaegning/{shelter.uuid}/", f"/tilbud/{shelter.uuid}/venteliste/"]

    def waiting(k):
        for _ in range(k):
            c = _person(ishoj)
            r = Referral.objects.create(
                citizen=c,
                offer=shelter,
                requested_on=timezone.localdate(),
                status=ReferralStatus.WAITING,
                waiting_since=timezone.now(),
            )
            from hjemvej.people.models import Relationship

            Relationship.objects.create(
                citizen=c, unit=shelter.unit, kind="referral", started_on=timezone.localdate()
            )
            r.save()

    def home(client):
        # The home page with its counts worked out ("Opdatér tallene" forgets the held ones)
        # and then with them held (front.home).
        assert client.post("/forside/opdater-tal/").status_code == 302
        return [_count(client, "/"), _count(client, "/")]

    _fill(shelter, shelter_worker_ishoj, ishoj, 10)
    waiting(10)
    small = [_count(worker, u) for u in urls] + home(caseworker) + home(worker)
    _fill(shelter, shelter_worker_ishoj, ishoj, 490)
    waiting(490)
    from collections import Counter

    assert Counter(Referral.objects.values_list("status", flat=True)) == {
        "admitted": 500,
        "waiting": 500,
    }
    assert Stay.objects.filter(ended_on__isnull=True).count() == 500
    large = [_count(worker, u) for u in urls] + home(caseworker) + home(worker)
    assert small == large


def test_worklist_names_stays_past_12_and_18_months(
    as_user, caseworker_ishoj, shelter_worker_ishoj, shelter, ishoj
):
    today = timezone.localdate()
    for name, days in (("Tolv", 370), ("Atten", 560), ("Kort", 100)):
        services.do_admit(
            user=shelter_worker_ishoj,
            offer=shelter,
            citizen=CitizenFactory(acting_municipality=ishoj, first_name=name, last_name="Måned"),
            facts=SHELTER_OK,
            started_on=today - datetime.timedelta(days=days),
        )
    html = as_user(caseworker_ishoj).get("/arbejdsliste/lange-ophold/").content.decode()
    assert "Tolv Måned</a> har boet på De fleksible afklaringspladser i over 12 måneder" in html
    assert "Atten Måned</a> har boet på De fleksible afklaringspladser i over 18 måneder" in html
    assert "Kort Måned</a> har boet" not in html


def test_occupancy_series_counts_each_day(shelter, shelter_worker_ishoj, ishoj):
    from hjemvej.stays.selectors import occupancy_series

    today = timezone.localdate()
    a = services.do_admit(
        user=shelter_worker_ishoj,
        offer=shelter,
        citizen=CitizenFactory(acting_municipality=ishoj),
        facts=SHELTER_OK,
        started_on=today - datetime.timedelta(days=30),
    ).stay
    services.do_admit(
        user=shelter_worker_ishoj,
        offer=shelter,
        citizen=CitizenFactory(acting_municipality=ishoj),
        facts=SHELTER_OK,
        started_on=today - datetime.timedelta(days=10),
    )
    services.do_discharge(
        user=shelter_worker_ishoj,
        stay=a,
        ended_on=today - datetime.timedelta(days=5),
        destination="street",
    )
    series = occupancy_series(offer=shelter, today=today, weeks=4)
    # 28, 21, 14 and 7 days ago, and today
    assert [p.occupied for p in series] == [1, 1, 1, 2, 1]
    assert series[-1].day == today


def test_chart_coordinates_are_not_written_the_danish_way(
    as_user, shelter_worker_ishoj, shelter, ishoj
):
    import re

    services.do_admit(
        user=shelter_worker_ishoj,
        offer=shelter,
        citizen=CitizenFactory(acting_municipality=ishoj),
        facts=SHELTER_OK,
    )
    html = as_user(shelter_worker_ishoj).get(f"/ophold/belaegning/{shelter.uuid}/").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'class="hjemvej-bar"' in svg
    assert not re.search(r'(x|y|width|height)="-?\d+,\d', svg)
