"""Income and affordability (issue 16, item 3): the income history, the one rule for what a
citizen can pay, the cash-benefit rule on homes in other municipalities, the youth housing's own
payment from SU or apprentice pay, and income in the outcome report."""

import datetime
import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hjemvej.accounts.models import Role
from hjemvej.audit.models import AuditEntry
from hjemvej.housing import rules, selectors, services
from hjemvej.housing.models import Income
from hjemvej.offers.services import do_decide_referral, do_refer
from hjemvej.reports import outcome
from hjemvej.stays.models import Stay
from tests.factories import CitizenFactory, UserFactory, member
from tests.offers.helpers import YOUTH_OK, offer_for

D = datetime.date
TODAY = timezone.localdate()


def fact(source: str, amount: str) -> rules.IncomeFact:
    return rules.IncomeFact(source, source, Decimal(amount))


# ---------------------------------------------------------------- the rules


def test_rent_over_the_limit_cannot_be_paid():
    cash = fact("cash_benefit", "12000")
    over = rules.affordability(Decimal("5500"), cash)
    assert over.status == rules.CANNOT_PAY and over.share == Decimal("45.8")
    assert "over grænsen på 40 %" in over.text
    at_limit = rules.affordability(Decimal("4800"), cash)
    assert at_limit.status == rules.AFFORDABLE and at_limit.share == Decimal("40.0")


def test_affordability_is_unknown_without_a_rent_or_an_income():
    assert rules.affordability(None, fact("wages", "20000")).status == rules.UNKNOWN
    unknown = rules.affordability(Decimal("4000"), None)
    assert unknown.status == rules.UNKNOWN and "ikke registreret" in unknown.text


def test_no_income_cannot_pay_a_rent():
    assert rules.affordability(Decimal("1"), fact("none", "0")).cannot_pay
    assert rules.affordability(Decimal("0"), fact("none", "0")).status == rules.AFFORDABLE


def test_cash_benefit_only_flags_a_home_in_another_municipality():
    cash, su = fact("cash_benefit", "12000"), fact("su", "6000")
    assert rules.cash_benefit_elsewhere(cash, 2, 1)
    assert not rules.cash_benefit_elsewhere(cash, 1, 1)
    assert not rules.cash_benefit_elsewhere(cash, None, 1)  # municipality not given
    assert not rules.cash_benefit_elsewhere(su, 2, 1)
    assert not rules.cash_benefit_elsewhere(None, 2, 1)


def test_youth_own_payment_follows_su_or_apprentice_pay():
    # 25 % of 6.820 kr. a month over 365/12 nights: 56,05 → 56 kr. a night
    assert rules.youth_own_payment(fact("su", "6820")) == Decimal("56")
    assert rules.youth_own_payment(fact("apprentice", "12000")) == Decimal("98")
    assert rules.youth_own_payment(fact("cash_benefit", "12000")) is None
    assert rules.youth_own_payment(None) is None


# ---------------------------------------------------------------- the services


JANUARY = D(2026, 1, 1)


def record(user, citizen, source="cash_benefit", amount="12000", valid_from=JANUARY, **kw):
    return services.do_record_income(
        user=user,
        citizen=citizen,
        source=source,
        monthly_amount=None if amount is None else Decimal(amount),
        valid_from=valid_from,
        **kw,
    )


@pytest.mark.django_db
def test_a_new_income_ends_the_running_one_the_day_before(caseworker_ishoj, citizen_ishoj):
    cash = record(caseworker_ishoj, citizen_ishoj)
    wages = record(caseworker_ishoj, citizen_ishoj, "wages", "21000", D(2026, 6, 1))
    cash.refresh_from_db()
    assert cash.valid_to == D(2026, 5, 31)
    assert selectors.income_on(citizen_ishoj, D(2026, 5, 31)) == cash
    assert selectors.income_on(citizen_ishoj, D(2026, 6, 1)) == wages
    assert selectors.income_on(citizen_ishoj, D(2025, 12, 31)) is None
    summaries = list(
        AuditEntry.objects.filter(citizen_uuid=citizen_ishoj.uuid).values_list("summary", flat=True)
    )
    assert "Indkomst registreret: løn fra 01.06.2026" in summaries


@pytest.mark.django_db
def test_overlapping_periods_are_refused(caseworker_ishoj, citizen_ishoj):
    record(caseworker_ishoj, citizen_ishoj, valid_to=D(2026, 3, 31))
    with pytest.raises(ValidationError) as exc:
        record(caseworker_ishoj, citizen_ishoj, "su", "6000", D(2025, 12, 1))
    assert "overlapper en anden indkomst (kontanthjælp fra 01.01.2026)" in str(exc.value)
    record(caseworker_ishoj, citizen_ishoj, "su", "6000", D(2026, 4, 1))


@pytest.mark.django_db
def test_income_fields_are_checked_in_danish(caseworker_ishoj, citizen_ishoj):
    with pytest.raises(ValidationError) as exc:
        record(caseworker_ishoj, citizen_ishoj, "lottery", "-5", valid_to=D(2025, 1, 1))
    errors = exc.value.message_dict
    assert errors["source"] == ["Vælg hvad borgeren lever af."]
    assert errors["monthly_amount"] == ["Beløbet kan ikke være negativt."]
    assert errors["valid_to"] == ["Slutdatoen kan ikke ligge før startdatoen."]
    with pytest.raises(ValidationError) as exc:
        record(caseworker_ishoj, citizen_ishoj, "none", "100")
    assert exc.value.message_dict["monthly_amount"] == ["Ved „Ingen indkomst“ er beløbet 0 kr."]
    assert record(caseworker_ishoj, citizen_ishoj, "none", None).monthly_amount == 0


@pytest.mark.django_db
def test_end_income(caseworker_ishoj, citizen_ishoj):
    income = record(caseworker_ishoj, citizen_ishoj)
    with pytest.raises(ValidationError):
        services.do_end_income(user=caseworker_ishoj, income=income, valid_to=D(2025, 12, 1))
    services.do_end_income(user=caseworker_ishoj, income=income, valid_to=D(2026, 2, 28))
    assert Income.objects.get(pk=income.pk).valid_to == D(2026, 2, 28)
    with pytest.raises(ValidationError) as exc:
        services.do_end_income(user=caseworker_ishoj, income=income, valid_to=D(2026, 3, 1))
    assert exc.value.messages == ["Indkomsten er allerede afsluttet."]


@pytest.mark.django_db
def test_the_database_holds_the_income_rules(citizen_ishoj):
    for bad in (
        {"monthly_amount": Decimal("-1")},
        {"valid_to": D(2025, 1, 1)},
        {"source": "none", "monthly_amount": Decimal("10")},
    ):
        fields = {"source": "wages", "monthly_amount": Decimal("1"), **bad}
        with pytest.raises(IntegrityError), transaction.atomic():
            Income.objects.create(citizen=citizen_ishoj, valid_from=D(2026, 1, 1), **fields)


@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="Kun PostgreSQL: eksklusionsbegrænsninger",
)
@pytest.mark.django_db
def test_postgres_refuses_overlapping_incomes(citizen_ishoj):
    Income.objects.create(
        citizen=citizen_ishoj, source="su", monthly_amount=1, valid_from=D(2026, 1, 1)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Income.objects.create(
            citizen=citizen_ishoj, source="wages", monthly_amount=1, valid_from=D(2027, 1, 1)
        )


# ---------------------------------------------------------------- pages


@pytest.mark.django_db
def test_income_tab_form_and_end(as_user, caseworker_ishoj, citizen_ishoj):
    client = as_user(caseworker_ishoj)
    response = client.post(
        f"/bolig/{citizen_ishoj.uuid}/indkomst/ny/",
        {"source": "", "monthly_amount": "12.000,00", "valid_from": "01.01.2026"},
    )
    html = response.content.decode()
    assert "Vælg hvad borgeren lever af." in html
    assert 'value="12.000,00"' in html or 'value="12000,00"' in html  # no lost input
    response = client.post(
        f"/bolig/{citizen_ishoj.uuid}/indkomst/ny/",
        {"source": "cash_benefit", "monthly_amount": "12000", "valid_from": "01.01.2026"},
        follow=True,
    )
    html = response.content.decode()
    assert "Indkomsten er registreret." in html
    assert "Kontanthjælp, 12.000 kr. pr. måned" in html
    income = Income.objects.get(citizen=citizen_ishoj)
    response = client.post(
        f"/bolig/indkomst/{income.uuid}/afslut/", {"valid_to": "01.12.2025"}, follow=True
    )
    assert "Slutdatoen kan ikke ligge før 01.01.2026." in response.content.decode()
    response = client.post(
        f"/bolig/indkomst/{income.uuid}/afslut/", {"valid_to": "31.03.2026"}, follow=True
    )
    assert "Indkomsten er afsluttet." in response.content.decode()
    assert "31.03.2026" in response.content.decode()


@pytest.mark.django_db
def test_other_municipality_gets_404_on_income(
    as_user, caseworker_ishoj, caseworker_ballerup, citizen_ishoj
):
    income = record(caseworker_ishoj, citizen_ishoj)
    client = as_user(caseworker_ballerup)
    assert client.get(f"/bolig/{citizen_ishoj.uuid}/indkomst/ny/").status_code == 404
    assert client.get(f"/bolig/indkomst/{income.uuid}/afslut/").status_code == 404
    assert client.get(f"/borgere/{citizen_ishoj.uuid}/afsnit/indkomst/").status_code == 404
    assert client.get(f"/api/v1/incomes?citizen={citizen_ishoj.uuid}").status_code == 404
    ended = client.post(
        f"/api/v1/incomes/{income.uuid}/end",
        json.dumps({"valid_to": "2026-02-01"}),
        content_type="application/json",
    )
    assert ended.status_code == 404
    assert Income.objects.get(pk=income.pk).valid_to is None


@pytest.mark.django_db
def test_income_tab_queries_do_not_grow_with_rows(as_user, caseworker_ishoj, citizen_ishoj):
    client = as_user(caseworker_ishoj)
    url = f"/borgere/{citizen_ishoj.uuid}/afsnit/indkomst/"
    record(caseworker_ishoj, citizen_ishoj, valid_from=D(2020, 1, 1))
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for year in range(2021, 2027):
        record(caseworker_ishoj, citizen_ishoj, "wages", str(year), D(year, 1, 1))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("<tr>") == 1 + 7
    assert len(many) == len(few)


@pytest.mark.django_db
def test_housing_page_flags_rent_and_cash_benefit_elsewhere(
    as_user, caseworker_ishoj, citizen_ishoj, ballerup
):
    record(caseworker_ishoj, citizen_ishoj, valid_from=TODAY - datetime.timedelta(days=30))
    application = services.do_add_application(
        user=caseworker_ishoj, citizen=citizen_ishoj, channel="allocation", applied_on=TODAY
    )
    client = as_user(caseworker_ishoj)
    form = client.get(f"/bolig/ansoegning/{application.uuid}/tilbud/nyt/").content.decode()
    assert f'<option value="{citizen_ishoj.acting_municipality_id}" selected>' in form
    response = client.post(
        f"/bolig/ansoegning/{application.uuid}/tilbud/nyt/",
        {
            "offered_on": TODAY.strftime("%d.%m.%Y"),
            "address": "Rønnevej 3, Ballerup",
            "municipality": ballerup.pk,
            "rent": "6500",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Tilbudt bolig: Rønnevej 3, Ballerup" in html
    assert "Huslejen er 54,2 % af borgerens indkomst – over grænsen på 40 %." in html
    assert "Boligen ligger i Ballerup Kommune." in html
    assert rules.CASH_BENEFIT_ELSEWHERE_TEXT in html
    listed = client.get(f"/api/v1/housing-applications?citizen={citizen_ishoj.uuid}").json()[
        "results"
    ]
    offer = listed[0]["offers"][0]
    assert offer["affordability"] == "cannot_pay"
    assert offer["cash_benefit_elsewhere"] is True
    assert offer["municipality_code"] == ballerup.code


@pytest.mark.django_db
def test_affordable_home_in_own_municipality_is_not_flagged(caseworker_ishoj, citizen_ishoj):
    record(caseworker_ishoj, citizen_ishoj, valid_from=TODAY - datetime.timedelta(days=30))
    application = services.do_add_application(
        user=caseworker_ishoj, citizen=citizen_ishoj, channel="allocation", applied_on=TODAY
    )
    services.do_record_housing_offer(
        user=caseworker_ishoj,
        application=application,
        offered_on=TODAY,
        address="Vejleåvej 12",
        rent=Decimal("4200"),
        municipality=citizen_ishoj.acting_municipality,
    )
    overview = selectors.housing_overview(citizen_ishoj, TODAY)
    assert overview.flagged_offers == []
    check = overview.applications[0].offers.all()[0].income_check
    assert check.affordability.share == Decimal("35.0")


# ---------------------------------------------------------------- the API


def post(client, url, data):
    return client.post(url, json.dumps(data, default=str), content_type="application/json")


@pytest.mark.django_db
def test_income_through_the_api(as_user, caseworker_ishoj, citizen_ishoj):
    client = as_user(caseworker_ishoj)
    created = post(
        client,
        "/api/v1/incomes",
        {
            "citizen": citizen_ishoj.uuid,
            "source": "su",
            "monthly_amount": "6820.00",
            "valid_from": "2026-08-01",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["source_label"] == "SU" and body["valid_to"] is None
    listed = client.get(f"/api/v1/incomes?citizen={citizen_ishoj.uuid}").json()
    assert listed["count"] == 1 and listed["items"][0]["monthly_amount"] == "6820.00"
    bad = post(
        client,
        "/api/v1/incomes",
        {"citizen": citizen_ishoj.uuid, "source": "su", "valid_from": "2026-09-01"},
    )
    assert bad.status_code == 422
    assert "Skriv beløbet pr. måned." in json.dumps(bad.json(), ensure_ascii=False)
    ended = post(client, f"/api/v1/incomes/{body['id']}/end", {"valid_to": "2026-12-31"})
    assert ended.status_code == 200 and ended.json()["valid_to"] == "2026-12-31"


@pytest.mark.django_db
def test_analyst_cannot_read_income_over_the_api(as_user, analyst_ishoj, citizen_ishoj):
    response = as_user(analyst_ishoj).get(f"/api/v1/incomes?citizen={citizen_ishoj.uuid}")
    assert response.status_code in (403, 404)


# ---------------------------------------------------------------- youth housing


@pytest.mark.django_db
def test_youth_housing_admission_defaults_own_payment_from_su(
    as_user, ballerup, caseworker_ballerup
):
    youth = offer_for(ballerup, "ballerup-ungebolig")
    staff = member(UserFactory(username="ung.ballerup"), youth.unit, Role.OFFER_STAFF)
    young = CitizenFactory(acting_municipality=ballerup, birth_date=D(2005, 3, 1))
    record(caseworker_ballerup, young, "su", "6820", TODAY - datetime.timedelta(days=10))
    referral = do_refer(user=caseworker_ballerup, citizen=young, offer=youth, facts=YOUTH_OK)
    do_decide_referral(user=caseworker_ballerup, referral=referral, approve=True)
    client = as_user(staff)
    page = client.get(f"/ophold/optag/{referral.uuid}/").content.decode()
    assert 'name="own_payment_per_night"' in page and 'value="56"' in page
    assert "Foreslået ud fra borgerens SU: 25 % af den månedlige indkomst" in page
    response = client.post(
        f"/ophold/optag/{referral.uuid}/",
        {"started_on": TODAY.strftime("%d.%m.%Y"), "own_payment_per_night": "56", **YOUTH_OK},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Stay.objects.get(citizen=young).own_payment_per_night == Decimal("56")
    page = as_user(caseworker_ballerup).get(
        f"/ophold/{Stay.objects.get(citizen=young).uuid}/egenbetaling/"
    )
    assert "Forslag: 56,00 kr. pr. nat." in page.content.decode()


# ---------------------------------------------------------------- the outcome report


def test_outcome_report_counts_income_at_discharge_and_a_year_after():
    y = 2026
    data = outcome.YearData(
        year=y,
        stays=[
            outcome.StayRecord("a", 1, "Herberget", D(2026, 1, 1), D(2026, 3, 1)),
            outcome.StayRecord("b", 2, "Herberget", D(2026, 1, 1), D(2026, 4, 1)),
            outcome.StayRecord("c", 3, "Herberget", D(2026, 1, 1), None),
        ],
        incomes=[
            outcome.IncomeRecord(1, "cash_benefit", D(2025, 1, 1), D(2026, 3, 1)),
            outcome.IncomeRecord(1, "wages", D(2026, 3, 2)),
            outcome.IncomeRecord(4, "pension", D(2020, 1, 1)),
        ],
        year_follow_ups=[
            outcome.YearFollowUpRecord(1, D(2026, 9, 1)),
            outcome.YearFollowUpRecord(4, D(2026, 10, 1)),
            outcome.YearFollowUpRecord(5, D(2025, 10, 1)),  # another year
        ],
    )
    report = outcome.compute(data)
    cash = report.figure("income_discharge-cash_benefit")
    assert cash is not None and (cash.count, cash.total) == (1, 2)
    assert cash.rows[0].text == "Udskrevet fra Herberget 01.03.2026: kontanthjælp"
    assert report.figure("income_discharge-unrecorded").count == 1
    assert report.figure("income_year_after-wages").count == 1
    assert report.figure("income_year_after-pension").count == 1
    assert report.figure("income_year_after-pension").total == 2


@pytest.mark.django_db
def test_outcome_report_reads_income_at_discharge_from_the_database(
    caseworker_ishoj, citizen_ishoj, ishoj, ishoj_shelter_unit
):
    from hjemvej.offers.catalogue import OFFERS, ensure_offer
    from hjemvej.reports import selectors as report_selectors

    shelter = ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])
    year = TODAY.year
    Stay.objects.create(
        citizen=citizen_ishoj,
        offer=shelter,
        decided_on=D(year, 1, 2),
        started_on=D(year, 1, 2),
        ended_on=D(year, 1, 20),
    )
    record(caseworker_ishoj, citizen_ishoj, "pension", "14500", D(year - 1, 6, 1))
    scope = report_selectors.Scope("Herberget", ishoj, [ishoj_shelter_unit], ishoj_shelter_unit)
    report = outcome.compute(report_selectors.load_year(scope, year))
    pension = report.figure("income_discharge-pension")
    assert pension is not None and (pension.count, pension.total) == (1, 1)
