"""Issue 16 item 2: placements in bought offers, the local alternative on referrals to them, the
bring-home plan, report, worklist and API."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hjemvej.audit.models import AuditEntry
from hjemvej.economics.models import CostSheet
from hjemvej.economics.pricing import (
    DailyRates,
    bring_home_saving,
    month_at_rate,
    monthly_price,
    yearly_cost,
)
from hjemvej.offers.catalogue import OFFERS, ensure_offer
from hjemvej.offers.models import Operator, Referral
from hjemvej.offers.services import do_refer
from hjemvej.stays import services
from hjemvej.stays.models import Placement, PlanStatus
from tests.factories import CitizenFactory, UnitFactory
from tests.offers.helpers import bought_offer

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
SINCE = datetime.date(2025, 3, 1)


@pytest.fixture
def shelter(ishoj_shelter_unit):
    return ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])


@pytest.fixture
def engly(ishoj):
    return bought_offer(ishoj)


@pytest.fixture
def sheet(ishoj_shelter_unit):
    """A cost sheet giving the local shelter 1,000 kr per night."""
    return CostSheet.objects.create(
        unit=ishoj_shelter_unit,
        budget_year=TODAY.year,
        salaries=Decimal("365000"),
        other=Decimal("0"),
        places=1,
        occupancy_pct=Decimal("100"),
    )


def post(client, url, body, method="post"):
    return getattr(client, method)(
        url, json.dumps(body, default=str), content_type="application/json"
    )


def place(user, citizen, offer, **kw):
    return services.do_create_placement(
        user=user, citizen=citizen, offer=offer, started_on=kw.pop("started_on", SINCE), **kw
    )


# ---------------------------------------------------------------- the money rule


def test_monthly_price_is_the_agreed_month_or_a_night_times_365_over_12():
    assert monthly_price(per_month=Decimal("68500"), per_night=Decimal("9")) == Decimal("68500.00")
    assert monthly_price(per_month=None, per_night=Decimal("1200")) == Decimal("36500.00")
    assert monthly_price(per_month=None, per_night=Decimal("1950")) == Decimal("59312.50")
    assert monthly_price(per_month=None, per_night=None) is None
    assert yearly_cost(Decimal("68500.00")) == Decimal("822000.00")
    assert month_at_rate(Decimal("1788")) == Decimal("54385.00")


def test_saving_at_the_local_offers_rate_from_its_cost_sheet():
    rates = DailyRates([(7, 2025, Decimal("1000")), (7, 2026, Decimal("1200"))])
    saving = bring_home_saving(Decimal("68500.00"), 7, rates, 2026)
    assert saving.local_rate.rate == Decimal("1200")
    assert saving.local_per_month == Decimal("36500.00")
    assert saving.saving_per_month == Decimal("32000.00")
    assert saving.saving_per_year == Decimal("384000.00")
    older = bring_home_saving(Decimal("68500.00"), 7, rates, 2025)
    assert older.local_per_month == Decimal("30416.67")
    none = bring_home_saving(Decimal("100"), None, rates, 2026)
    assert none.saving_per_month is None and none.cost_per_year == Decimal("1200.00")
    assert bring_home_saving(Decimal("100"), 8, rates, 2026).local_rate is None


# ---------------------------------------------------------------- referral: local alternative


def test_referral_to_a_bought_offer_needs_the_local_alternative(
    caseworker_ishoj, citizen_ishoj, engly, shelter
):
    with pytest.raises(ValidationError) as refusal:
        do_refer(user=caseworker_ishoj, citizen=citizen_ishoj, offer=engly)
    errors = refusal.value.message_dict
    assert "købt tilbud" in errors["local_alternative"][0]
    assert errors["local_alternative_reason"] == [
        "Skriv, hvorfor det lokale tilbud ikke passer til borgeren."
    ]
    with pytest.raises(ValidationError) as both:
        do_refer(
            user=caseworker_ishoj,
            citizen=citizen_ishoj,
            offer=engly,
            local_alternative=shelter,
            no_local_alternative=True,
            local_alternative_reason="Fuldt",
        )
    assert "ikke begge" in both.value.message_dict["local_alternative"][0]
    assert not Referral.objects.exists()
    referral = do_refer(
        user=caseworker_ishoj,
        citizen=citizen_ishoj,
        offer=engly,
        local_alternative=shelter,
        local_alternative_reason="  Ingen ledig plads  ",
    )
    assert referral.external_offer
    assert referral.local_alternative == shelter
    assert referral.local_alternative_reason == "Ingen ledig plads"


def test_the_local_alternative_is_the_municipalitys_own_offer(
    caseworker_ishoj, citizen_ishoj, engly, ballerup, ishoj
):
    other_bought = bought_offer(ishoj, "lindegaarden", operator=Operator.PRIVATE)
    ballerup_offer = ensure_offer(
        UnitFactory(municipality=ballerup, kind="offer", slug="ballerup-ungebolig", name="Ung"),
        OFFERS["ballerup-ungebolig"],
    )
    for local in (other_bought, ballerup_offer):
        with pytest.raises(ValidationError) as refusal:
            do_refer(
                user=caseworker_ishoj,
                citizen=citizen_ishoj,
                offer=engly,
                local_alternative=local,
                local_alternative_reason="Passer ikke",
            )
        assert refusal.value.message_dict["local_alternative"] == [
            "Vælg et af kommunens egne tilbud."
        ]
    referral = do_refer(
        user=caseworker_ishoj,
        citizen=citizen_ishoj,
        offer=engly,
        no_local_alternative=True,
        local_alternative_reason="Kommunen har intet §107-tilbud.",
    )
    assert referral.no_local_alternative and referral.local_alternative is None


def test_own_offers_need_no_local_alternative(caseworker_ishoj, citizen_ishoj, shelter):
    referral = do_refer(user=caseworker_ishoj, citizen=citizen_ishoj, offer=shelter, facts={})
    assert not referral.external_offer


def test_the_database_holds_the_local_alternative_rule(citizen_ishoj, engly):
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(
            citizen=citizen_ishoj, offer=engly, requested_on=TODAY, external_offer=True
        )


def test_referral_form_shows_the_field_errors_and_keeps_the_input(
    as_user, caseworker_ishoj, citizen_ishoj, engly, shelter
):
    client = as_user(caseworker_ishoj)
    url = f"/tilbud/henvis/{citizen_ishoj.uuid}/"
    page = client.get(url, {"tilbud": engly.uuid})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Lokalt alternativ" in html and shelter.name in html
    assert engly.name not in html.split("Lokalt tilbud, der er overvejet")[1].split("</select>")[0]
    refused = client.post(
        url,
        {"offer": engly.uuid, "action": "refer", "note": "Haster", "local_alternative": ""},
    )
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "vælg det lokale tilbud, der er overvejet" in html
    assert "Skriv, hvorfor det lokale tilbud ikke passer til borgeren." in html
    assert "Haster" in html
    assert not Referral.objects.exists()
    done = client.post(
        url,
        {
            "offer": engly.uuid,
            "action": "refer",
            "local_alternative": shelter.pk,
            "local_alternative_reason": "Ingen ledig plads",
        },
    )
    assert done.status_code == 302
    assert Referral.objects.get().local_alternative == shelter
    detail = client.get(done["Location"]).content.decode()
    assert "Lokalt alternativ overvejet" in detail and "Ingen ledig plads" in detail


def test_referral_api_needs_the_local_alternative(
    as_user, caseworker_ishoj, citizen_ishoj, engly, shelter
):
    client = as_user(caseworker_ishoj)
    body = {"offer": engly.uuid, "citizen": citizen_ishoj.uuid}
    refused = post(client, "/api/v1/referrals", body)
    assert refused.status_code == 422
    assert "local_alternative_reason" in json.dumps(refused.json())
    created = post(
        client,
        "/api/v1/referrals",
        {**body, "local_alternative": shelter.uuid, "local_alternative_reason": "Fuldt"},
    )
    assert created.status_code == 201
    out = created.json()
    assert out["external_offer"] is True
    assert out["local_alternative"] == str(shelter.uuid)
    assert out["local_alternative_reason"] == "Fuldt"


# ---------------------------------------------------------------- placements: the service


def test_placement_cost_defaults_to_the_offers_price(caseworker_ishoj, ishoj, citizen_ishoj):
    by_night = bought_offer(ishoj, "lindegaarden", per_month=None, per_night="1200")
    placement = place(caseworker_ishoj, citizen_ishoj, by_night)
    assert placement.cost_per_month == Decimal("36500.00")
    assert placement.cost_per_year == Decimal("438000.00")
    assert placement.municipality == ishoj
    typed = place(
        caseworker_ishoj,
        CitizenFactory(acting_municipality=ishoj),
        by_night,
        cost_per_month=Decimal("40000"),
    )
    assert typed.cost_per_month == Decimal("40000")
    no_price = bought_offer(ishoj, "ukendt", per_month=None)
    with pytest.raises(ValidationError) as refusal:
        place(caseworker_ishoj, citizen_ishoj, no_price)
    assert "ingen aftalt pris" in refusal.value.message_dict["cost_per_month"][0]
    assert AuditEntry.objects.filter(summary="Anbringelse i lindegaarden registreret").count() == 2


def test_placement_links_the_referral_and_refuses_an_own_offer_or_a_second_open_one(
    caseworker_ishoj, citizen_ishoj, engly, shelter
):
    referral = do_refer(
        user=caseworker_ishoj,
        citizen=citizen_ishoj,
        offer=engly,
        no_local_alternative=True,
        local_alternative_reason="Intet lokalt tilbud",
    )
    with pytest.raises(ValidationError) as own:
        place(caseworker_ishoj, citizen_ishoj, shelter)
    assert "købt tilbud" in own.value.message_dict["offer"][0]
    first = place(caseworker_ishoj, citizen_ishoj, engly)
    assert first.referral == referral
    with pytest.raises(ValidationError) as twice:
        place(caseworker_ishoj, citizen_ishoj, engly)
    assert twice.value.message_dict["offer"] == [
        "Borgeren har allerede en åben anbringelse i tilbuddet."
    ]


def test_the_bring_home_plan_rules(caseworker_ishoj, citizen_ishoj, engly, shelter, ishoj):
    cases = [
        ({"plan_status": PlanStatus.PLANNED, "local_offer": shelter}, "target_date"),
        ({"plan_status": PlanStatus.PLANNED, "target_date": TODAY}, "local_offer"),
        ({"target_date": SINCE - datetime.timedelta(days=1)}, "target_date"),
        ({"plan_status": PlanStatus.NOT_POSSIBLE}, "not_possible_reason"),
        ({"plan_status": PlanStatus.BROUGHT_HOME}, "ended_on"),
        ({"local_offer": bought_offer(ishoj, "privat", operator=Operator.PRIVATE)}, "local_offer"),
        ({"started_on": TODAY + datetime.timedelta(days=1)}, "started_on"),
        ({"cost_per_month": Decimal("-1")}, "cost_per_month"),
    ]
    for kw, field in cases:
        with pytest.raises(ValidationError) as refusal:
            place(caseworker_ishoj, citizen_ishoj, engly, **kw)
        assert field in refusal.value.message_dict, (kw, refusal.value.message_dict)
    assert not Placement.objects.exists()
    placement = place(
        caseworker_ishoj,
        citizen_ishoj,
        engly,
        local_offer=shelter,
        responsible=caseworker_ishoj,
        plan_status=PlanStatus.PLANNED,
        target_date=TODAY + datetime.timedelta(days=60),
        plan_steps="Samtale",
    )
    with pytest.raises(ValidationError) as refusal:
        services.do_update_placement(
            user=caseworker_ishoj,
            placement=placement,
            changes={"ended_on": SINCE - datetime.timedelta(days=1)},
        )
    assert "ended_on" in refusal.value.message_dict
    done = services.do_update_placement(
        user=caseworker_ishoj,
        placement=placement,
        changes={"plan_status": PlanStatus.BROUGHT_HOME, "ended_on": TODAY},
    )
    assert done.ended_on == TODAY and not done.is_open
    # A new placement in the same offer may start once the first has ended.
    place(caseworker_ishoj, citizen_ishoj, engly, started_on=TODAY)


def test_only_the_acting_municipalitys_caseworkers_place(
    manager_ishoj, caseworker_ballerup, shelter_worker_ishoj, resident_ishoj, engly
):
    for user in (manager_ishoj, caseworker_ballerup, shelter_worker_ishoj):
        with pytest.raises(PermissionDenied):
            place(user, resident_ishoj, engly)
    assert not Placement.objects.exists()


def test_the_database_holds_the_placement_rules(citizen_ishoj, engly, shelter, ishoj):
    base = dict(citizen=citizen_ishoj, offer=engly, municipality=ishoj, started_on=SINCE)
    bad = [
        {"ended_on": SINCE - datetime.timedelta(days=1), "cost_per_month": 1},
        {"cost_per_month": -1},
        {"cost_per_month": 1, "plan_status": PlanStatus.PLANNED},
        {"cost_per_month": 1, "target_date": SINCE - datetime.timedelta(days=1)},
        {"cost_per_month": 1, "plan_status": PlanStatus.BROUGHT_HOME},
        {"cost_per_month": 1, "plan_status": "maybe"},
        {"cost_per_month": 1, "local_offer": engly},
    ]
    for kw in bad:
        with pytest.raises(IntegrityError), transaction.atomic():
            Placement.objects.create(**base, **kw)
    Placement.objects.create(**base, cost_per_month=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.create(**base, cost_per_month=2)


# ---------------------------------------------------------------- pages


def test_create_and_edit_placement_pages(as_user, caseworker_ishoj, citizen_ishoj, engly, shelter):
    client = as_user(caseworker_ishoj)
    url = f"/ophold/borger/{citizen_ishoj.uuid}/anbringelse/"
    assert client.get(url).status_code == 200
    refused = client.post(
        url,
        {
            "offer": engly.pk,
            "started_on": "2025-03-01",
            "plan_status": PlanStatus.PLANNED,
            "local_offer": shelter.pk,
            "plan_steps": "Boligsøgning",
        },
    )
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "En hjemtagningsplan skal have en måldato." in html
    assert "Boligsøgning" in html
    created = client.post(
        url,
        {
            "offer": engly.pk,
            "started_on": "2025-03-01",
            "plan_status": PlanStatus.PLANNED,
            "local_offer": shelter.pk,
            "responsible": caseworker_ishoj.pk,
            "target_date": (TODAY + datetime.timedelta(days=10)).isoformat(),
        },
    )
    assert created.status_code == 302
    placement = Placement.objects.get()
    assert placement.cost_per_month == Decimal("68500.00")
    section = client.get(f"/borgere/{citizen_ishoj.uuid}/afsnit/ophold/").content.decode()
    assert "Anbringelser i købte tilbud" in section and "68.500,00 kr." in section
    assert "822.000,00 kr." in section
    edit = f"/ophold/anbringelse/{placement.uuid}/"
    assert client.get(edit).status_code == 200
    saved = client.post(
        edit,
        {
            "started_on": "2025-03-01",
            "cost_per_month": "70000,00",
            "plan_status": PlanStatus.NOT_POSSIBLE,
            "local_offer": shelter.pk,
            "not_possible_reason": "Borgeren ønsker at blive",
        },
    )
    assert saved.status_code == 302, saved.content.decode()[:3000]
    placement.refresh_from_db()
    assert placement.cost_per_month == Decimal("70000.00")
    assert placement.plan_status == PlanStatus.NOT_POSSIBLE


def test_another_municipalitys_caseworker_gets_404(
    as_user, caseworker_ishoj, caseworker_ballerup, manager_ishoj, citizen_ishoj, engly
):
    placement = place(caseworker_ishoj, citizen_ishoj, engly)
    ballerup = as_user(caseworker_ballerup)
    assert ballerup.get(f"/ophold/anbringelse/{placement.uuid}/").status_code == 404
    assert ballerup.get(f"/ophold/borger/{citizen_ishoj.uuid}/anbringelse/").status_code == 404
    assert ballerup.get(f"/api/v1/placements/{placement.uuid}").status_code == 404
    assert (
        post(
            ballerup,
            f"/api/v1/placements/{placement.uuid}",
            {"plan_steps": "x", "version": 1},
            "patch",
        )
    ).status_code == 404
    report = ballerup.get("/ophold/hjemtagning/").content.decode()
    assert citizen_ishoj.full_name not in report
    # The manager reads the report but does not change placements.
    manager = as_user(manager_ishoj)
    assert manager.get(f"/ophold/anbringelse/{placement.uuid}/").status_code == 404
    assert citizen_ishoj.full_name in manager.get("/ophold/hjemtagning/").content.decode()


def test_analysts_and_offer_staff_have_no_bring_home_report(
    as_user, analyst_ishoj, shelter_worker_ishoj, caseworker_ishoj, citizen_ishoj, engly
):
    place(caseworker_ishoj, citizen_ishoj, engly)
    for user in (analyst_ishoj, shelter_worker_ishoj):
        assert as_user(user).get("/ophold/hjemtagning/").status_code == 404
        assert as_user(user).get("/api/v1/placements").status_code == 404


def _placed(n, ishoj, engly, shelter, caseworker, *, target=None):
    for _ in range(n):
        place(
            caseworker,
            CitizenFactory(acting_municipality=ishoj),
            engly,
            local_offer=shelter,
            plan_status=PlanStatus.PLANNED,
            target_date=target or TODAY + datetime.timedelta(days=10),
        )


def test_bring_home_report_totals_and_savings(
    as_user, caseworker_ishoj, ishoj, engly, shelter, sheet
):
    _placed(2, ishoj, engly, shelter, caseworker_ishoj, target=SINCE)
    place(caseworker_ishoj, CitizenFactory(acting_municipality=ishoj), engly)
    client = as_user(caseworker_ishoj)
    response = client.get("/ophold/hjemtagning/")
    assert response.status_code == 200
    html = response.content.decode()
    # 3 × 68,500 a month; two at the shelter's 1,000 kr a night = 30,416.67 a month.
    assert "205.500,00 kr." in html and "2.466.000,00 kr." in html
    assert "76.166,66 kr." in html  # 2 × (68,500 − 30,416.67)
    assert "(overskredet)" in html
    assert AuditEntry.objects.filter(summary="Hjemtagningsrapport: Ishøj").exists()
    api = client.get("/api/v1/placements").json()
    assert api["citizens"] == 3
    assert api["cost_per_year"] == "2466000.00"
    assert api["saving_per_month"] == "76166.66"
    assert api["unpriced"] == 1
    assert api["target_date_passed"] == 2
    assert api["without_plan"] == 1
    assert {r["target_date_passed"] for r in api["results"]} == {True, False}


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_report_worklist_and_api_keep_their_query_count(
    as_user, caseworker_ishoj, ishoj, engly, shelter, sheet
):
    client = as_user(caseworker_ishoj)
    urls = ["/ophold/hjemtagning/", "/arbejdsliste/hjemtagning/", "/api/v1/placements"]
    _placed(2, ishoj, engly, shelter, caseworker_ishoj)
    before = [_count(client, u) for u in urls]
    _placed(6, ishoj, engly, shelter, caseworker_ishoj)
    assert [_count(client, u) for u in urls] == before


def test_worklist_and_home_page_count(as_user, caseworker_ishoj, ishoj, engly, shelter):
    _placed(1, ishoj, engly, shelter, caseworker_ishoj, target=SINCE)
    _placed(1, ishoj, engly, shelter, caseworker_ishoj, target=TODAY + datetime.timedelta(days=90))
    client = as_user(caseworker_ishoj)
    page = client.get("/arbejdsliste/hjemtagning/").content.decode()
    assert "1 i alt" in page and "(overskredet)" in page
    assert "1 i alt" in client.get("/arbejdsliste/hjemtagning/?vis=overskredet").content.decode()
    assert "0 i alt" in client.get("/arbejdsliste/hjemtagning/?vis=mine").content.decode()
    home = client.get("/").content.decode()
    assert "Hjemtagningsplaner med måldato inden for 30 dage eller overskredet" in home


# ---------------------------------------------------------------- API


def test_placement_through_the_api(as_user, caseworker_ishoj, citizen_ishoj, engly, shelter):
    client = as_user(caseworker_ishoj)
    refused = post(
        client,
        "/api/v1/placements",
        {
            "citizen": citizen_ishoj.uuid,
            "offer": engly.uuid,
            "started_on": "2025-03-01",
            "plan_status": "planned",
        },
    )
    assert refused.status_code == 422
    assert "target_date" in json.dumps(refused.json())
    created = post(
        client,
        "/api/v1/placements",
        {
            "citizen": citizen_ishoj.uuid,
            "offer": engly.uuid,
            "started_on": "2025-03-01",
            "local_offer": shelter.uuid,
            "responsible": "sagsbehandler.ishoj",
            "plan_status": "planned",
            "target_date": (TODAY + datetime.timedelta(days=30)).isoformat(),
        },
    )
    assert created.status_code == 201, created.content
    out = created.json()
    assert out["cost_per_month"] == "68500.00" and out["cost_per_year"] == "822000.00"
    assert out["responsible"] == "sagsbehandler.ishoj"
    url = f"/api/v1/placements/{out['id']}"
    assert client.get(url).json()["plan_status_label"] == "Planlagt"
    version = out["version"]
    unversioned = post(client, url, {"plan_steps": "Bolig"}, "patch")
    assert unversioned.status_code == 422
    body = {"plan_status": "in_progress", "plan_steps": "Bolig", "version": version}
    changed = post(client, url, body, "patch")
    assert changed.status_code == 200
    assert changed.json()["plan_status"] == "in_progress"
    assert changed.json()["version"] == version + 1
    stale = post(client, url, {"plan_steps": "Gammel", "version": version}, "patch")
    assert stale.status_code == 422
    assert "En anden har gemt ændringer" in json.dumps(stale.json(), ensure_ascii=False)
    ended = post(client, url, {"plan_status": "brought_home", "version": version + 1}, "patch")
    assert ended.status_code == 422
    assert "ended_on" in json.dumps(ended.json())
    assert client.get("/api/v1/placements?foo=1").status_code == 422


def test_edit_page_refuses_a_change_built_on_an_old_version(
    as_user, caseworker_ishoj, citizen_ishoj, engly
):
    placement = place(caseworker_ishoj, citizen_ishoj, engly)
    services.do_update_placement(
        user=caseworker_ishoj, placement=placement, changes={"plan_steps": "Først"}
    )
    client = as_user(caseworker_ishoj)
    stale = client.post(
        f"/ophold/anbringelse/{placement.uuid}/",
        {"version": 1, "started_on": "2025-03-01", "plan_steps": "Senere"},
    )
    assert stale.status_code == 200
    html = stale.content.decode()
    assert "En anden har gemt ændringer til anbringelsen" in html and "Senere" in html
    placement.refresh_from_db()
    assert placement.plan_steps == "Først" and placement.version == 2


# ---------------------------------------------------------------- menu and Excel export


def _export(client, user, code):
    from hjemvej.reports.models import ReportJob
    from hjemvej.reports.services import run_job

    response = client.post("/rapporter/bestil/", {"kind": "bring-home-xlsx", "kommune": code})
    assert response.status_code == 302
    job = run_job(str(ReportJob.objects.filter(requested_by=user).latest("pk").uuid))
    assert job.status == "done", job.error
    download = client.get(f"/rapporter/koersel/{job.uuid}/hent/")
    assert download.status_code == 200
    return b"".join(download.streaming_content) if download.streaming else download.content


def test_bring_home_report_in_the_menu_for_those_who_may_see_it(
    as_user, caseworker_ishoj, analyst_ishoj, shelter_worker_ishoj
):
    link = 'href="/ophold/hjemtagning/"'
    assert link in as_user(caseworker_ishoj).get("/").content.decode()
    for user in (analyst_ishoj, shelter_worker_ishoj):
        assert link not in as_user(user).get("/").content.decode()


def test_bring_home_report_as_excel_has_the_pages_rows_and_totals(
    as_user, caseworker_ishoj, ishoj, engly, shelter, sheet
):
    import io

    from openpyxl import load_workbook

    from hjemvej.audit.models import Action

    _placed(2, ishoj, engly, shelter, caseworker_ishoj, target=SINCE)
    place(caseworker_ishoj, CitizenFactory(acting_municipality=ishoj), engly)
    client = as_user(caseworker_ishoj)
    assert "Hent rapporten som Excel" in client.get("/ophold/hjemtagning/").content.decode()
    book = load_workbook(io.BytesIO(_export(client, caseworker_ishoj, ishoj.code)))
    rows = list(book["Anbringelser"].iter_rows(values_only=True))
    assert rows[0][0] == "Borger" and len(rows) == 4
    assert {r[1] for r in rows[1:]} == {engly.name}
    assert sorted(r[12] for r in rows[1:]) == ["Ja", "Ja", "Nej"]
    assert sum(1 for r in rows[1:] if r[8] is None) == 1  # no local offer: no saving
    totals = dict(book["I alt"].iter_rows(values_only=True))
    assert totals["Borgere anbragt i købte tilbud"] == 3
    assert totals["Udgift pr. år (kr.)"] == 2466000
    assert round(totals["Besparelse pr. måned ved hjemtagning (kr.)"], 2) == 76166.66
    assert AuditEntry.objects.filter(action=Action.EXPORT, actor_id=caseworker_ishoj.pk).exists()


def test_bring_home_excel_only_for_own_municipality_and_staff(
    as_user, caseworker_ishoj, caseworker_ballerup, analyst_ishoj, ishoj, citizen_ishoj, engly
):
    from hjemvej.reports.models import ReportJob
    from hjemvej.reports.services import run_job

    place(caseworker_ishoj, citizen_ishoj, engly)
    analyst = as_user(analyst_ishoj)
    response = analyst.post(
        "/rapporter/bestil/", {"kind": "bring-home-xlsx", "kommune": ishoj.code}
    )
    assert response.status_code == 404
    # Another municipality's caseworker orders Ishøj's report: the job fails, nothing leaks.
    as_user(caseworker_ballerup).post(
        "/rapporter/bestil/", {"kind": "bring-home-xlsx", "kommune": ishoj.code}
    )
    job = run_job(str(ReportJob.objects.get(requested_by=caseworker_ballerup).uuid))
    assert job.status == "failed" and not job.content
