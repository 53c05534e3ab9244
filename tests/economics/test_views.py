"""The finance pages: who may see them, the cost sheet the municipalities' way, the Excel file,
the calculators and the saved investment cases."""

import io
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from hjemvej.audit.models import AuditEntry
from hjemvej.economics.models import CostSheet, InvestmentCase

pytestmark = pytest.mark.django_db


def test_manager_and_analyst_see_the_economics_menu_entry_others_do_not(
    as_user, manager_ballerup, analyst_ballerup, caseworker_ballerup
):
    for user in (manager_ballerup, analyst_ballerup):
        html = as_user(user).get("/").content.decode()
        assert 'href="/okonomi/"' in html
    assert 'href="/okonomi/"' not in as_user(caseworker_ballerup).get("/").content.decode()
    assert as_user(caseworker_ballerup).get("/okonomi/").status_code == 404


def test_manager_sees_the_youth_housing_sheet_with_total_and_daily_rate(
    as_user, manager_ballerup, youth_sheet
):
    html = (
        as_user(manager_ballerup).get(f"/okonomi/takstblade/{youth_sheet.uuid}/").content.decode()
    )
    assert "3.916.263 kr." in html
    assert "1.788 kr." in html
    assert "8.498 kr." in html  # salary pools 0.30 %
    assert "221.675 kr." in html  # indirect costs 6 %
    assert "Ret takstbladet" in html


def test_analyst_sees_the_sheet_but_may_not_edit_it(as_user, analyst_ballerup, youth_sheet):
    client = as_user(analyst_ballerup)
    html = client.get(f"/okonomi/takstblade/{youth_sheet.uuid}/").content.decode()
    assert "3.916.263 kr." in html
    assert "Ret takstbladet" not in html
    assert client.get(f"/okonomi/takstblade/{youth_sheet.uuid}/ret/").status_code == 404


def test_another_municipality_gets_404_on_the_sheet(as_user, manager_ishoj, youth_sheet):
    client = as_user(manager_ishoj)
    assert client.get(f"/okonomi/takstblade/{youth_sheet.uuid}/").status_code == 404
    assert client.get(f"/okonomi/takstblade/{youth_sheet.uuid}/excel/").status_code == 404


def test_excel_export_has_the_same_lines_and_numbers(as_user, manager_ballerup, youth_sheet):
    response = as_user(manager_ballerup).get(f"/okonomi/takstblade/{youth_sheet.uuid}/excel/")
    assert response.status_code == 200
    assert "takstblad-ballerup-ungebolig-2022.xlsx" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = {row[0]: row[1] for row in ws.iter_rows(values_only=True) if row and row[0]}
    assert rows["Omkostninger i alt"] == 3916263
    assert rows["Takst pr. plads pr. dag"] == 1788
    assert rows["Lønpuljer 0,30 % af lønninger"] == 8498
    assert rows["Direkte omkostninger"] == 3694588
    assert AuditEntry.objects.filter(action="export", object_id=str(youth_sheet.uuid)).exists()


def test_manager_creates_a_cost_sheet_typed_the_danish_way(
    as_user, manager_ballerup, ballerup_youth_housing
):
    response = as_user(manager_ballerup).post(
        "/okonomi/takstblade/nyt/",
        {
            "unit": ballerup_youth_housing.pk,
            "budget_year": "2023",
            "salaries": "2.832.500",
            "other": "747.000",
            "external_treatment": "0",
            "expected_income": "0",
            "supervision_fee": "35.000",
            "salary_pools_pct": "0,30",
            "maintenance_pct": "2",
            "indirect_pct": "6,0",
            "computed_costs": "0",
            "price_adjustment": "0",
            "places": "6",
            "occupancy_pct": "100",
            "note": "",
        },
    )
    sheet = CostSheet.objects.get(budget_year=2023)
    assert response.status_code == 302
    assert sheet.salaries == D("2832500")
    assert sheet.salary_pools_pct == D("0.30")
    assert AuditEntry.objects.filter(action="create", object_id=str(sheet.uuid)).exists()


def test_second_sheet_for_the_same_year_is_refused_next_to_the_field(
    as_user, manager_ballerup, youth_sheet, ballerup_youth_housing
):
    response = as_user(manager_ballerup).post(
        "/okonomi/takstblade/nyt/",
        {
            "unit": ballerup_youth_housing.pk,
            "budget_year": "2022",
            "salaries": "1",
            "other": "0",
            "external_treatment": "0",
            "expected_income": "0",
            "supervision_fee": "0",
            "salary_pools_pct": "0",
            "maintenance_pct": "0",
            "indirect_pct": "0",
            "computed_costs": "0",
            "price_adjustment": "0",
            "places": "1",
            "occupancy_pct": "100",
        },
    )
    assert response.status_code == 200
    assert "har allerede et takstblad for 2022" in response.content.decode()


def test_editing_with_a_stale_version_is_refused(as_user, manager_ballerup, youth_sheet):
    client = as_user(manager_ballerup)
    data = {
        "salaries": "2832500",
        "other": "747000",
        "external_treatment": "0",
        "expected_income": "0",
        "supervision_fee": "35000",
        "salary_pools_pct": "0,3",
        "maintenance_pct": "2",
        "indirect_pct": "5",
        "computed_costs": "0",
        "price_adjustment": "0",
        "places": "6",
        "occupancy_pct": "100",
        "note": "",
    }
    assert (
        client.post(
            f"/okonomi/takstblade/{youth_sheet.uuid}/ret/", {**data, "version": 1}
        ).status_code
        == 302
    )
    response = client.post(f"/okonomi/takstblade/{youth_sheet.uuid}/ret/", {**data, "version": 1})
    assert "ændret af en anden" in response.content.decode()
    youth_sheet.refresh_from_db()
    assert (youth_sheet.indirect_pct, youth_sheet.version) == (D("5"), 2)


def test_reimbursement_calculator_page_shows_stays_and_months(as_user, analyst_ballerup):
    text = "A; 110; 1.11.2023; 1.2.2024; 1000; 100\nA; 110; 1.3.2024; 1.5.2024; 1.000; 100"
    html = as_user(analyst_ballerup).post("/okonomi/refusion/", {"stays": text}).content.decode()
    assert "12.600,00 kr." in html  # 28 reimbursed nights × 450
    assert "54.000,00 kr." in html
    assert "120 af 153" in html
    assert "november 2023" in html


def test_reimbursement_calculator_names_the_bad_line(as_user, analyst_ballerup):
    html = (
        as_user(analyst_ballerup)
        .post(
            "/okonomi/refusion/",
            {"stays": "A; 110; 1.11.2023; 1.2.2024; 1000\nB; 110; 31.2.2024; 1.3.2024; 1000"},
        )
        .content.decode()
    )
    assert "Linje 2: indskrivningsdatoen: »31.2.2024« er ikke en dato" in html


def test_forecast_page_draws_a_chart_and_a_table(as_user, manager_ballerup):
    html = (
        as_user(manager_ballerup)
        .post(
            "/okonomi/prognose/",
            {
                "start": "2026-06-01",
                "move_after_nights": "30",
                "support_per_day": "400",
                "stays": "A; 1.6.2026; ; 1000; 100",
            },
        )
        .content.decode()
    )
    assert "<svg" in html and "<polyline" in html
    assert "288.000 kr." in html
    assert "80.500 kr." in html
    assert "sparer kommunen 207.500 kr." in html
    assert "juni 2026" in html


def test_budget_page_compares_occupied_nights_with_the_sheet(
    as_user, manager_ballerup, youth_sheet
):
    html = (
        as_user(manager_ballerup)
        .post(
            "/okonomi/budget/",
            {
                "cost_sheet": youth_sheet.pk,
                "as_of": "2023-01-01",
                "stays": "A; 1.1.2022; 1.4.2022; 1788; 0",
            },
        )
        .content.decode()
    )
    assert "3.916.263 kr." in html
    assert "160.920 kr." in html  # 90 nights × 1,788


def test_investment_cases_are_saved_and_compared_side_by_side(as_user, manager_ballerup):
    client = as_user(manager_ballerup)
    for name, added in (("Housing First-gruppen", "60.000"), ("CTI-forløb", "45.000")):
        response = client.post(
            "/okonomi/investering/",
            {
                "name": name,
                "participants": "15",
                "years": "3",
                "added_costs__municipality": added,
                "effect_fallen_costs__municipality": "40.000",
                "effects_entry": "per_year",
                "save": "",
            },
        )
        assert response.status_code == 302
    cases = InvestmentCase.objects.order_by("name")
    assert [c.name for c in cases] == ["CTI-forløb", "Housing First-gruppen"]
    query = "&".join(f"case={c.uuid}" for c in cases)
    html = client.get(f"/okonomi/investering/sammenlign/?{query}").content.decode()
    assert "CTI-forløb" in html and "Housing First-gruppen" in html
    assert "-1.125.000 kr." in html  # (45 000 − 3 × 40 000) × 15
    assert "-900.000 kr." in html  # (60 000 − 120 000) × 15
    assert "pr. år" in html


def test_ballerups_som_table_on_the_page_shows_a_cost_and_what_the_horizon_means(
    as_user, manager_ballerup
):
    html = (
        as_user(manager_ballerup)
        .post(
            "/okonomi/investering/",
            {
                "participants": "15",
                "years": "3",
                "effects_entry": "total",
                "added_costs__municipality": "163.609",
                "fallen_costs__municipality": "115.600",
                "effect_new_costs__municipality": "4.268",
                "effect_fallen_costs__municipality": "47.527",
                "calculate": "",
            },
        )
        .content.decode()
    )
    assert "4.750 kr." in html and "71.250 kr." in html
    assert "-43.259 kr." in html and "-648.885 kr." in html
    assert "81.768" not in html
    assert "i alt over tidshorisonten på 3 år" in html


def test_investment_case_of_another_municipality_is_not_shown(
    as_user, manager_ballerup, manager_ishoj
):
    as_user(manager_ballerup).post(
        "/okonomi/investering/",
        {
            "name": "Ballerups case",
            "participants": "5",
            "years": "3",
            "effects_entry": "total",
            "save": "",
        },
    )
    case = InvestmentCase.objects.get()
    html = (
        as_user(manager_ishoj)
        .get(f"/okonomi/investering/sammenlign/?case={case.uuid}")
        .content.decode()
    )
    assert "Ballerups case" not in html
    assert as_user(manager_ishoj).post(f"/okonomi/investering/{case.uuid}/slet/").status_code == 404


def test_economics_index_queries_do_not_grow_with_the_number_of_sheets(
    as_user, manager_ballerup, ballerup
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import UnitFactory

    def make_sheets(n, start):
        for i in range(n):
            unit = UnitFactory(municipality=ballerup, kind="offer", slug=f"tilbud-{start + i}")
            CostSheet.objects.create(
                unit=unit, budget_year=2024, salaries=D("1"), other=D("0"), places=1
            )

    client = as_user(manager_ballerup)
    make_sheets(2, 0)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/okonomi/").status_code == 200
    make_sheets(10, 100)
    with CaptureQueriesContext(connection) as many:
        html = client.get("/okonomi/").content.decode()
    assert html.count("/okonomi/takstblade/") >= 12
    assert len(many) == len(few)


def test_edit_form_shows_stored_amounts_the_danish_way(as_user, manager_ballerup, youth_sheet):
    html = (
        as_user(manager_ballerup)
        .get(f"/okonomi/takstblade/{youth_sheet.uuid}/ret/")
        .content.decode()
    )
    assert 'value="2.832.500"' in html
    assert 'value="0,3"' in html
