"""The citizen page (issue 17): a summary, one tab per section (own URL), a timeline of events,
and the CPR number masked until "Vis" is asked for with a purpose."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hjemvej.audit.models import Action, AuditEntry
from hjemvej.journal.models import Note
from hjemvej.meetings.models import Meeting
from hjemvej.offers.catalogue import OFFERS, ensure_offer
from hjemvej.people.models import Consent
from hjemvej.stays import services as stay_services
from tests.factories import CitizenFactory
from tests.offers.helpers import SHELTER_OK

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelter(ishoj_shelter_unit):
    return ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])


def _note(citizen, unit, author, day, *, signed=True, kind="contact"):
    return Note.objects.create(
        citizen=citizen,
        unit=unit,
        author=author,
        kind=kind,
        occurred_on=day,
        text="Hemmelig notattekst",
        signed_at=timezone.now() if signed else None,
    )


@pytest.fixture
def full_citizen(shelter, shelter_worker_ishoj, caseworker_ishoj, ishoj, ishoj_authority):
    today = timezone.localdate()
    citizen = CitizenFactory(
        acting_municipality=ishoj, first_name="Karen", last_name="Vang", protected_address=True
    )
    stay_services.do_admit(
        user=shelter_worker_ishoj,
        offer=shelter,
        citizen=citizen,
        facts=SHELTER_OK,
        started_on=today - datetime.timedelta(days=3),
    )
    start = timezone.now() + datetime.timedelta(days=2)
    Meeting.objects.create(
        kind="network",
        citizen=citizen,
        unit=ishoj_authority,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        place="Ishøj Rådhus, Ishøj Store Torv 20",
        contact_person=caseworker_ishoj,
    )
    Consent.objects.create(
        citizen=citizen,
        direction="collect",
        information="Lægejournal",
        party="Egen læge",
        purpose="Handleplan",
        valid_from=today - datetime.timedelta(days=1),
        valid_until=today + datetime.timedelta(days=300),
    )
    _note(citizen, ishoj_authority, caseworker_ishoj, today)
    return citizen


def _reads(citizen):
    return list(
        AuditEntry.objects.filter(citizen_uuid=citizen.uuid, action=Action.READ).order_by("at")
    )


def test_summary_shows_stay_contacts_meeting_deadlines_flags_and_consents(
    as_user, caseworker_ishoj, full_citizen
):
    before = len(_reads(full_citizen))
    html = as_user(caseworker_ishoj).get(f"/borgere/{full_citizen.uuid}/").content.decode()
    assert "Opholdssted nu" in html and "siden " in html
    assert "Ishøj" in html  # acting municipality
    assert "Mette Lund" in html  # the next meeting's contact person
    assert "Næste møde" in html and "Ishøj Rådhus" in html
    assert "Åbne frister" in html and "Underret handlekommunen" in html
    assert "Navne- og adressebeskyttelse" in html
    assert "Lægejournal" in html  # the valid consent
    assert "Hemmelig notattekst" not in html  # the journal is a tab of its own
    for tab in ("Overblik", "Tidslinje", "Planer", "Forløb", "Møder", "Journal", "Ophold"):
        assert f"<span>{tab}</span>" in html
    assert 'aria-current="page"><span>Overblik</span>' in html
    # The overview is one read in the log.
    reads = _reads(full_citizen)[before:]
    assert [r.summary for r in reads] == ["Borgerens overblik"]


def test_each_tab_is_its_own_page_and_one_read(as_user, caseworker_ishoj, full_citizen):
    client = as_user(caseworker_ishoj)
    base = f"/borgere/{full_citizen.uuid}/"
    for key, label, heading in [
        ("planer", "Planer", "Planer, mål og udredninger"),
        ("forloeb", "Forløb", "Forløb og støttetid"),
        ("moeder", "Møder", "Møder og påmindelser"),
        ("journal", "Journal", "Journal"),
        ("ophold", "Ophold", "Visitationer og ophold"),
        ("bolig", "Bolig", "Vejen til egen bolig"),
    ]:
        before = len(_reads(full_citizen))
        response = client.get(f"{base}afsnit/{key}/")
        assert response.status_code == 200
        html = response.content.decode()
        assert f"<h2>{heading}</h2>" in html
        assert f'aria-current="page"><span>{label}</span>' in html
        reads = _reads(full_citizen)[before:]
        assert [r.summary for r in reads] == [f"Borgerens overblik: {label}"]
    assert client.get(f"{base}afsnit/findes-ikke/").status_code == 404
    personal = client.get(f"{base}personoplysninger/").content.decode()
    assert "Pårørende og netværk" in personal and "Samtykker" in personal


def test_referral_only_grant_sees_no_tabs_and_no_record(
    as_user, shelter_worker_ishoj, ishoj, ishoj_shelter_unit
):
    from hjemvej.people.models import Relationship

    citizen = CitizenFactory(acting_municipality=ishoj)
    Relationship.objects.create(
        citizen=citizen,
        unit=ishoj_shelter_unit,
        kind=Relationship.Kind.REFERRAL,
        started_on=timezone.localdate(),
    )
    client = as_user(shelter_worker_ishoj)
    html = client.get(f"/borgere/{citizen.uuid}/").content.decode()
    assert "Du ser kun visitationen" in html
    assert "Tidslinje" not in html and "Opholdssted nu" not in html
    assert client.get(f"/borgere/{citizen.uuid}/tidslinje/").status_code == 404
    assert client.get(f"/borgere/{citizen.uuid}/afsnit/journal/").status_code == 404


def test_timeline_lists_events_filters_by_kind_and_pages(
    as_user, caseworker_ishoj, full_citizen, ishoj_authority, ballerup_authority
):
    from tests.factories import UserFactory

    today = timezone.localdate()
    for i in range(25):
        _note(
            full_citizen, ishoj_authority, caseworker_ishoj, today - datetime.timedelta(days=i + 1)
        )
    # Another user's draft is not an event for this user.
    other = UserFactory(username="anden")
    _note(full_citizen, ishoj_authority, other, today, signed=False, kind="observation")
    client = as_user(caseworker_ishoj)
    url = f"/borgere/{full_citizen.uuid}/tidslinje/"
    html = client.get(url).content.decode()
    assert "Ophold" in html and "Visitation" in html and "Møde" in html and "Notat" in html
    assert "Hemmelig notattekst" not in html  # notes show kind, unit and author, not text
    assert "Observation" not in html
    assert "side 1 af 2" in html and "side=2" in html

    notes = client.get(url, {"type": "notat"}).content.decode()
    assert "26 hændelser" in notes
    assert "<td>Ophold</td>" not in notes and "<td>Møde</td>" not in notes
    page2 = client.get(url, {"type": "notat", "side": "2"}).content.decode()
    assert "side 2 af 2" in page2 and page2.count("<td>Notat</td>") == 6
    assert "type=notat&amp;side=1" in page2  # the pager keeps the filter
    # An unknown kind is every kind.
    assert client.get(url, {"type": "noget"}).status_code == 200


def test_citizen_page_query_counts_do_not_grow_with_history(
    as_user, caseworker_ishoj, full_citizen, ishoj_authority
):
    client = as_user(caseworker_ishoj)
    urls = [
        f"/borgere/{full_citizen.uuid}/",
        f"/borgere/{full_citizen.uuid}/tidslinje/",
        f"/borgere/{full_citizen.uuid}/tidslinje/?type=notat",
    ]
    for url in urls:
        client.get(url)

    def counts():
        out = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            out.append(len(ctx))
        return out

    few = counts()
    today = timezone.localdate()
    for i in range(40):
        _note(full_citizen, ishoj_authority, caseworker_ishoj, today - datetime.timedelta(days=i))
    assert counts() == few


def test_cpr_is_masked_everywhere_and_vis_logs_the_purpose(
    as_user, caseworker_ishoj, citizen_ishoj
):
    client = as_user(caseworker_ishoj)
    masked = f"{citizen_ishoj.cpr[:6]}-xxxx"
    assert citizen_ishoj.cpr_masked == masked
    overview = client.get(f"/borgere/{citizen_ishoj.uuid}/").content.decode()
    assert masked in overview and citizen_ishoj.cpr_display not in overview
    personal = client.get(f"/borgere/{citizen_ishoj.uuid}/personoplysninger/").content.decode()
    assert masked in personal and citizen_ishoj.cpr_display not in personal
    search = client.get("/borgere/", {"q": "Østergaard"}).content.decode()
    assert masked in search and citizen_ishoj.cpr_display not in search
    home = client.get("/").content.decode()  # recently opened
    assert masked in home and citizen_ishoj.cpr_display not in home

    # "Vis" without a purpose: a Danish error by the field, nothing shown, nothing logged.
    url = f"/borgere/{citizen_ishoj.uuid}/cpr/"
    assert client.get(url).status_code == 405
    refused = client.post(url, {"purpose": ""}).content.decode()
    assert "Vælg, hvorfor du skal se hele CPR-nummeret." in refused
    assert citizen_ishoj.cpr_display not in refused
    assert not AuditEntry.objects.filter(summary="CPR-nummer vist").exists()

    shown = client.post(url, {"purpose": "Identifikation af borgeren"}).content.decode()
    assert citizen_ishoj.cpr_display in shown
    row = AuditEntry.objects.get(summary="CPR-nummer vist")
    assert row.action == Action.READ and row.citizen_uuid == citizen_ishoj.uuid
    assert row.purpose == "Identifikation af borgeren"
    assert citizen_ishoj.cpr not in row.summary + str(row.detail)

    # With htmx only the number comes back.
    partial = client.post(
        url, {"purpose": "Kontrol af oplysninger"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert (
        partial.strip().startswith('<div id="cpr-value"') and citizen_ishoj.cpr_display in partial
    )
    assert AuditEntry.objects.filter(summary="CPR-nummer vist").count() == 2


def test_vis_is_refused_for_a_citizen_the_user_may_not_see(
    as_user, caseworker_ishoj, citizen_ballerup
):
    response = as_user(caseworker_ishoj).post(
        f"/borgere/{citizen_ballerup.uuid}/cpr/", {"purpose": "Identifikation af borgeren"}
    )
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(summary="CPR-nummer vist").exists()
    assert AuditEntry.objects.filter(
        action=Action.DENIED, citizen_uuid=citizen_ballerup.uuid
    ).exists()


def test_personal_page_shows_the_ties_a_page_at_a_time_with_the_count(
    as_user, caseworker_ishoj, citizen_ishoj, ishoj_shelter_unit, caseworker_ballerup
):
    from hjemvej.people.models import Relationship

    for i in range(55):
        start = datetime.date(2020, 1, 1) + datetime.timedelta(days=20 * i)
        Relationship.objects.create(
            citizen=citizen_ishoj,
            unit=ishoj_shelter_unit,
            kind="stay",
            started_on=start,
            ended_on=start + datetime.timedelta(days=10),
        )
    client = as_user(caseworker_ishoj)
    url = f"/borgere/{citizen_ishoj.uuid}/personoplysninger/"
    page = client.get(url).content.decode()
    assert "Viser 1–50 af 55 tilknytninger." in page
    assert "Næste side" in page
    # Newest first: the last tie is on page 1, the first on page 2.
    newest = (datetime.date(2020, 1, 1) + datetime.timedelta(days=20 * 54)).strftime("%d.%m.%Y")
    assert newest in page and "01.01.2020" not in page
    second = client.get(f"{url}?side=2").content.decode()
    assert "Viser 51–55 af 55 tilknytninger." in second and "01.01.2020" in second
    # Another municipality's caseworker: not found.
    assert as_user(caseworker_ballerup).get(url).status_code == 404


def test_personal_page_pages_relatives_and_consents_each_with_its_own_pager(
    as_user, caseworker_ishoj, citizen_ishoj
):
    """Relatives and consents are lists like the ties: 50 at a time with the count, each with
    its own page parameter, and a pager keeps the other lists' pages."""
    from hjemvej.people.models import Consent, Relative

    Relative.objects.bulk_create(
        Relative(citizen=citizen_ishoj, name=f"Netværksperson {i:02d}", role="network")
        for i in range(53)
    )
    day = datetime.date(2021, 1, 1)
    Consent.objects.bulk_create(
        Consent(
            citizen=citizen_ishoj,
            direction="collect",
            information=f"Oplysning {i:02d}",
            party="Egen læge",
            purpose="Helbred",
            valid_from=day + datetime.timedelta(days=i),
            valid_until=day + datetime.timedelta(days=i + 365),
        )
        for i in range(51)
    )
    client = as_user(caseworker_ishoj)
    url = f"/borgere/{citizen_ishoj.uuid}/personoplysninger/"
    page = client.get(url).content.decode()
    assert "Viser 1–50 af 53 pårørende og netværkspersoner." in page
    assert "Viser 1–50 af 51 samtykker." in page
    assert "Netværksperson 49" in page and "Netværksperson 50" not in page
    # Newest consent first: the oldest (Oplysning 00) is on page 2.
    assert "Oplysning 50" in page and "Oplysning 00" not in page
    assert "?paaroerende=2" in page and "?samtykker=2" in page

    second = client.get(url, {"samtykker": 2, "paaroerende": 2}).content.decode()
    assert "Viser 51–51 af 51 samtykker." in second and "Oplysning 00" in second
    assert "Viser 51–53 af 53 pårørende og netværkspersoner." in second
    assert "Netværksperson 52" in second and "Netværksperson 00" not in second
    # Going back on one list keeps the other's page.
    assert "?paaroerende=2&amp;samtykker=1" in second
    assert "?samtykker=2&amp;paaroerende=1" in second
