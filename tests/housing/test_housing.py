"""The way to a home: applications, offers turned down, debts and repayment agreements."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from hjemvej.audit.models import AuditEntry
from hjemvej.housing import rules, services
from hjemvej.housing.models import HousingApplication
from hjemvej.people.models import Relationship
from tests.offers.helpers import offer_for

D = datetime.date


def test_months_due_counts_the_first_instalment_on_its_day():
    assert rules.months_due(D(2026, 1, 15), D(2026, 1, 14)) == 0
    assert rules.months_due(D(2026, 1, 15), D(2026, 1, 15)) == 1
    assert rules.months_due(D(2026, 1, 15), D(2026, 3, 14)) == 2
    assert rules.months_due(D(2026, 1, 15), D(2026, 3, 15)) == 3


def test_repayment_status_shows_arrears():
    status = rules.repayment_status(
        debt=Decimal("18400"),
        monthly=Decimal("500"),
        first_due_on=D(2026, 7, 1),
        payments=[Decimal("500"), Decimal("500")],
        today=D(2026, 11, 24),
    )
    assert status.due_so_far == Decimal("2500")
    assert status.paid == Decimal("1000")
    assert status.behind == Decimal("1500")
    assert status.remaining == Decimal("17400")
    assert status.months_left == 35
    assert status.is_behind


@given(
    debt=st.decimals(min_value=1, max_value=100000, places=2),
    monthly=st.decimals(min_value=1, max_value=5000, places=2),
    paid=st.lists(st.decimals(min_value=1, max_value=5000, places=2), max_size=20),
    days=st.integers(0, 2000),
)
def test_repayment_status_is_never_negative(debt, monthly, paid, days):
    status = rules.repayment_status(
        debt=debt,
        monthly=monthly,
        first_due_on=D(2025, 1, 1),
        payments=paid,
        today=D(2025, 1, 1) + datetime.timedelta(days=days),
    )
    assert status.remaining >= 0 and status.behind >= 0
    assert status.due_so_far <= debt
    assert status.remaining == max(debt - sum(paid, Decimal(0)), Decimal(0))


@pytest.mark.django_db
def test_turned_down_offer_needs_a_reason_and_reopens_the_application(
    caseworker_ishoj, citizen_ishoj
):
    application = services.do_add_application(
        user=caseworker_ishoj, citizen=citizen_ishoj, channel="allocation", applied_on=D(2026, 6, 1)
    )
    offer = services.do_record_housing_offer(
        user=caseworker_ishoj,
        application=application,
        offered_on=D(2026, 9, 1),
        address="Vejleåvej 12",
        rent=Decimal("5850"),
    )
    application.refresh_from_db()
    assert application.status == "offered"
    with pytest.raises(ValidationError) as exc:
        services.do_answer_housing_offer(
            user=caseworker_ishoj, housing_offer=offer, answer="turned_down"
        )
    assert exc.value.message_dict == {"reason": ["Skriv hvorfor borgeren takkede nej."]}
    services.do_answer_housing_offer(
        user=caseworker_ishoj, housing_offer=offer, answer="turned_down", reason="For dyr"
    )
    application.refresh_from_db()
    assert application.status == "active"
    assert AuditEntry.objects.filter(
        citizen_uuid=citizen_ishoj.uuid, summary="Boligtilbud besvaret: takket nej"
    ).exists()


@pytest.mark.django_db
def test_accepted_offer_with_move_in_closes_the_skaev_bolig_tie(
    caseworker_ishoj, citizen_ishoj, ishoj
):
    skaeve = offer_for(ishoj, "ishoj-skaeve-boliger")
    application = services.do_add_application(
        user=caseworker_ishoj,
        citizen=citizen_ishoj,
        channel="skaev",
        offer=skaeve,
        applied_on=D(2026, 6, 1),
    )
    rel = Relationship.objects.get(citizen=citizen_ishoj, unit=skaeve.unit)
    assert rel.kind == "referral" and rel.ended_on is None
    offer = services.do_record_housing_offer(
        user=caseworker_ishoj, application=application, offered_on=D(2026, 8, 1), address="Bolig 4"
    )
    services.do_answer_housing_offer(
        user=caseworker_ishoj, housing_offer=offer, answer="accepted", move_in_on=D(2026, 9, 1)
    )
    application.refresh_from_db()
    assert application.status == HousingApplication.Status.MOVED_IN
    assert application.move_in_on == D(2026, 9, 1)
    rel.refresh_from_db()
    assert rel.ended_on == D(2026, 9, 1)


@pytest.mark.django_db
def test_debt_agreement_and_instalments_show_on_the_citizen_page(
    as_user, caseworker_ishoj, citizen_ishoj
):
    debt = services.do_register_debt(
        user=caseworker_ishoj,
        citizen=citizen_ishoj,
        creditor="Ishøj Boligselskab",
        amount=Decimal("18400"),
        registered_on=D(2026, 1, 5),
    )
    html = (
        as_user(caseworker_ishoj)
        .get(f"/borgere/{citizen_ishoj.uuid}/afsnit/bolig/")
        .content.decode()
    )
    assert "Gæld står i vejen for en ny bolig" in html
    assert "Ishøj Boligselskab: 18.400 kr. – ingen afdragsordning" in html
    with pytest.raises(ValidationError):
        services.do_make_agreement(
            user=caseworker_ishoj,
            debt=debt,
            agreed_on=D(2026, 2, 1),
            monthly_amount=Decimal("20000"),
            first_due_on=D(2026, 3, 1),
        )
    agreement = services.do_make_agreement(
        user=caseworker_ishoj,
        debt=debt,
        agreed_on=D(2026, 2, 1),
        monthly_amount=Decimal("500"),
        first_due_on=D(2026, 3, 1),
    )
    client = as_user(caseworker_ishoj)
    response = client.post(
        f"/bolig/afdragsordning/{agreement.uuid}/afdrag/nyt/",
        {"paid_on": "2026-03-01", "amount": "500,00"},
        follow=True,
    )
    html = response.content.decode()
    assert "Afdraget er registreret." in html
    assert "500 kr. (1 afdrag)" in html
    assert "17.900 kr." in html


@pytest.mark.django_db
def test_application_form_in_danish(as_user, caseworker_ishoj, citizen_ishoj):
    client = as_user(caseworker_ishoj)
    response = client.post(
        f"/bolig/{citizen_ishoj.uuid}/ansoegning/ny/",
        {"channel": "association", "applied_on": "2026-10-01"},
    )
    assert "Skriv hvilken boligforening borgeren har søgt hos." in response.content.decode()
    response = client.post(
        f"/bolig/{citizen_ishoj.uuid}/ansoegning/ny/",
        {"channel": "association", "landlord": "KAB", "applied_on": "2026-10-01"},
        follow=True,
    )
    assert "Boligansøgningen er registreret." in response.content.decode()


@pytest.mark.django_db
def test_other_municipality_gets_404_on_housing_pages(as_user, caseworker_ballerup, citizen_ishoj):
    assert (
        as_user(caseworker_ballerup).get(f"/bolig/{citizen_ishoj.uuid}/gaeld/ny/").status_code
        == 404
    )
