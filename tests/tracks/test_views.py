"""The track tab, the track and step pages, the worklist and the cooperation page: forms with
errors next to the field, another municipality gets 404, bounded lists with a fixed number of
queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hjemvej.tracks import services
from hjemvej.tracks.models import Partner, Track
from tests.factories import CitizenFactory, RelationshipFactory
from tests.tracks.conftest import START

pytestmark = pytest.mark.django_db


def test_tab_shows_tracks_and_start_button(as_user, track, caseworker_ishoj, citizen_ishoj):
    page = as_user(caseworker_ishoj).get(f"/borgere/{citizen_ishoj.uuid}/afsnit/spor/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Beskæftigelse" in html and "Kontakt til beskæftigelsesafdelingen" in html
    assert "08.04.2026" in html and "(overskredet)" in html
    assert f"/spor/borger/{citizen_ishoj.uuid}/start/" in html


def test_another_municipality_gets_404(as_user, track, caseworker_ballerup, citizen_ishoj):
    client = as_user(caseworker_ballerup)
    step = track.steps.first()
    assert client.get(f"/borgere/{citizen_ishoj.uuid}/afsnit/spor/").status_code == 404
    assert client.get(f"/spor/{track.uuid}/").status_code == 404
    assert client.get(f"/spor/trin/{step.uuid}/").status_code == 404
    assert client.get(f"/spor/borger/{citizen_ishoj.uuid}/start/").status_code == 404
    posted = client.post(
        f"/spor/{track.uuid}/afslut/", {"status": "goal_met", "ended_on": "2026-04-02"}
    )
    assert posted.status_code == 404
    assert Track.objects.get(pk=track.pk).is_active


def test_start_form_errors_next_to_the_field_and_input_kept(
    as_user, caseworker_ishoj, citizen_ishoj, ishoj_authority
):
    client = as_user(caseworker_ishoj)
    url = f"/spor/borger/{citizen_ishoj.uuid}/start/"
    page = client.post(url, {"unit": ishoj_authority.pk, "started_on": "2026-04-01"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Der er fejl i formularen" in html and "Vælg sporet." in html
    assert 'value="2026-04-01"' in html
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    from hjemvej.tracks.models import TrackTemplate

    health = TrackTemplate.objects.get(code="herning-sundhed")
    page = client.post(
        url, {"template": health.pk, "unit": ishoj_authority.pk, "started_on": future}
    )
    assert "Datoen kan ikke ligge i fremtiden." in page.content.decode()
    done = client.post(
        url, {"template": health.pk, "unit": ishoj_authority.pk, "started_on": "2026-04-01"}
    )
    track = Track.objects.get(citizen=citizen_ishoj)
    assert done.status_code == 302 and done["Location"] == f"/spor/{track.uuid}/"
    assert track.steps.count() == 8


def test_step_page_records_and_plans(as_user, track, caseworker_ishoj):
    client = as_user(caseworker_ishoj)
    step = track.steps.get(code="motivation")
    url = f"/spor/trin/{step.uuid}/"
    page = client.post(url, {"action": "record", "status": "not_relevant", "done_on": "2026-04-02"})
    assert "Skriv hvorfor trinnet ikke er relevant." in page.content.decode()
    page = client.post(url, {"action": "plan", "plan-due_on": "2026-03-01", "plan-owner": ""})
    assert "Fristen kan ikke ligge før sporets start." in page.content.decode()
    ok = client.post(url, {"action": "plan", "plan-due_on": "2026-05-01", "plan-note": "Ring"})
    assert ok.status_code == 302
    ok = client.post(
        url,
        {"action": "record", "status": "done", "done_on": "2026-04-20", "outcome": "Samtale"},
    )
    assert ok.status_code == 302
    step.refresh_from_db()
    assert (step.status, step.done_on, step.due_on, step.note) == (
        "done",
        datetime.date(2026, 4, 20),
        datetime.date(2026, 5, 1),
        "Ring",
    )


def test_end_form(as_user, track, caseworker_ishoj):
    client = as_user(caseworker_ishoj)
    page = client.post(
        f"/spor/{track.uuid}/afslut/", {"status": "stopped", "ended_on": "2026-04-02"}
    )
    assert "Skriv hvorfor sporet stoppes." in page.content.decode()
    ok = client.post(
        f"/spor/{track.uuid}/afslut/",
        {"status": "stopped", "ended_on": "2026-04-02", "reason": "Flyttet"},
    )
    assert ok.status_code == 302
    assert Track.objects.get(pk=track.pk).status == "stopped"


def test_overdue_steps_in_the_worklist_and_counted_on_the_home_page(
    as_user, track, caseworker_ishoj, caseworker_ballerup
):
    client = as_user(caseworker_ishoj)
    home = client.get("/").content.decode()
    assert "Overskredne trin i spor" in home and "/arbejdsliste/spor/" in home
    page = client.get("/arbejdsliste/spor/").content.decode()
    assert "Kontakt til beskæftigelsesafdelingen" in page and "Motivationsarbejde" in page
    mine = client.get("/arbejdsliste/spor/?vis=mine").content.decode()
    assert "Kontakt til beskæftigelsesafdelingen" in mine  # the caseworker's role, own unit
    assert "Motivationsarbejde" not in mine  # offer staff's step
    other = as_user(caseworker_ballerup).get("/arbejdsliste/spor/").content.decode()
    assert "Kontakt til beskæftigelsesafdelingen" not in other


def test_worklist_queries_do_not_grow_with_rows(
    as_user, caseworker_ishoj, ishoj, ishoj_authority, employment
):
    client = as_user(caseworker_ishoj)

    def add(n):
        for _ in range(n):
            citizen = CitizenFactory(acting_municipality=ishoj)
            RelationshipFactory(citizen=citizen, unit=ishoj_authority, kind="case")
            services.do_start_track(
                user=caseworker_ishoj,
                citizen=citizen,
                template=employment,
                unit=ishoj_authority,
                started_on=START,
            )

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    add(2)
    few = count("/arbejdsliste/spor/")
    add(4)
    assert count("/arbejdsliste/spor/") == few


def test_tab_queries_do_not_grow_with_tracks(
    as_user, caseworker_ishoj, citizen_ishoj, ishoj_authority, health, community, track
):
    client = as_user(caseworker_ishoj)
    url = f"/borgere/{citizen_ishoj.uuid}/afsnit/spor/"
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for template in (health, community):
        services.do_start_track(
            user=caseworker_ishoj,
            citizen=citizen_ishoj,
            template=template,
            unit=ishoj_authority,
            started_on=START,
        )
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    assert len(three) == len(one)


def test_cooperation_page_partner_contact_and_forum(
    as_user, caseworker_ishoj, caseworker_ballerup, analyst_ishoj, ishoj
):
    client = as_user(caseworker_ishoj)
    assert client.get("/spor/samarbejde/").status_code == 200
    page = client.post("/spor/samarbejde/ny/", {"kind": "jobcenter", "name": ""})
    assert "Skriv samarbejdspartnerens navn." in page.content.decode()
    ok = client.post(
        "/spor/samarbejde/ny/",
        {"kind": "jobcenter", "name": "Jobcenter Ishøj", "agreement": "Kontakt inden 2 dage"},
    )
    partner = Partner.objects.get()
    assert ok["Location"] == f"/spor/samarbejde/{partner.uuid}/"
    url = f"/spor/samarbejde/{partner.uuid}/"
    page = client.post(url, {"action": "contact", "contact-name": "Bo", "contact-email": "x"})
    assert "Skriv en gyldig e-mailadresse." in page.content.decode()
    ok = client.post(
        url,
        {
            "action": "contact",
            "contact-name": "Bo Berg",
            "contact-phone": "43 57 70 00",
            "contact-forum_member": "on",
        },
    )
    assert ok.status_code == 302
    contact = partner.contacts.get()
    page = client.post("/spor/samarbejde/moedeforum/nyt/", {"held_on": "2026-04-01"})
    assert "Skriv mødets emne." in page.content.decode()
    ok = client.post(
        "/spor/samarbejde/moedeforum/nyt/",
        {"held_on": "2026-04-01", "subject": "Boliger", "participants": [contact.pk]},
    )
    assert ok.status_code == 302
    html = client.get("/spor/samarbejde/").content.decode()
    assert "Jobcenter Ishøj" in html and "Bo Berg" in html and "Boliger" in html
    # Another municipality's caseworker and the analyst do not see Ishøj's partners.
    assert as_user(caseworker_ballerup).get(url).status_code == 404
    assert as_user(analyst_ishoj).get("/spor/samarbejde/").status_code == 404
    assert (
        "Jobcenter Ishøj"
        not in as_user(caseworker_ballerup).get("/spor/samarbejde/").content.decode()
    )


def test_cooperation_page_queries_do_not_grow_with_partners_and_meetings(
    as_user, caseworker_ishoj, ishoj
):
    import datetime

    from hjemvej.tracks import services as track_services

    client = as_user(caseworker_ishoj)

    def add(n: int, offset: int) -> None:
        for i in range(n):
            partner = track_services.do_save_partner(
                user=caseworker_ishoj, municipality=ishoj, kind="housing", name=f"P{offset + i}"
            )
            contacts = [
                track_services.do_add_contact(
                    user=caseworker_ishoj,
                    partner=partner,
                    name=f"K{offset + i}-{j}",
                    phone="43 57 70 00",
                    forum_member=True,
                )
                for j in range(2)
            ]
            track_services.do_record_forum_meeting(
                user=caseworker_ishoj,
                municipality=ishoj,
                held_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=offset + i),
                subject=f"Møde {offset + i}",
                participants=contacts,
            )

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/spor/samarbejde/").status_code == 200
        return len(ctx)

    add(2, 0)
    few = count()
    add(30, 100)
    assert count() == few
    html = client.get("/spor/samarbejde/").content.decode()
    assert "Viser de 20 nyeste af 32 møder." in html
