"""A shelter stay that ends in own home starts the follow-up; a new shelter stay within 12
months of that move is a return to homelessness."""

import datetime

import pytest

from hjemvej.accounts.models import Role
from hjemvej.courses.models import FollowUpTask, MoveToOwnHome
from hjemvej.stays.services import do_discharge, do_register_arrival
from tests.factories import CitizenFactory, UserFactory, member
from tests.offers.helpers import SHELTER_OK

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelter_admission(ishoj, ishoj_shelter_unit):
    from hjemvej.offers.catalogue import OFFERS, ensure_offer

    shelter = ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])
    worker = member(UserFactory(username="herberg.ishoj"), ishoj_shelter_unit, Role.OFFER_STAFF)
    citizen = CitizenFactory(acting_municipality=ishoj, birth_date=datetime.date(1980, 1, 1))

    def admit(day):
        return do_register_arrival(
            user=worker, offer=shelter, citizen=citizen, facts=SHELTER_OK, arrived_on=day
        ).stay

    return admit(datetime.date(2026, 1, 10)), admit


def test_discharge_to_own_home_creates_follow_up_and_readmission_marks_a_return(shelter_admission):
    stay, admit_again = shelter_admission
    do_discharge(
        user=stay.admitted_by,
        stay=stay,
        ended_on=datetime.date(2026, 3, 1),
        destination="own_home_support",
    )
    move = MoveToOwnHome.objects.get(citizen=stay.citizen)
    assert move.moved_on == datetime.date(2026, 3, 1)
    assert sorted(FollowUpTask.objects.filter(move=move).values_list("due_on", flat=True)) == [
        datetime.date(2026, 4, 1),
        datetime.date(2026, 6, 1),
        datetime.date(2026, 9, 1),
        datetime.date(2027, 3, 1),
    ]
    admit_again(datetime.date(2026, 10, 5))
    move.refresh_from_db()
    assert move.returned_on == datetime.date(2026, 10, 5)


def test_discharge_to_the_street_starts_no_follow_up(shelter_admission):
    stay, _ = shelter_admission
    do_discharge(
        user=stay.admitted_by, stay=stay, ended_on=datetime.date(2026, 3, 1), destination="street"
    )
    assert not MoveToOwnHome.objects.exists()


def test_citizen_page_shows_each_shelter_stays_money_from_the_economics_calculator(
    shelter_admission, as_user, ishoj_shelter_unit
):
    from decimal import Decimal

    from hjemvej.economics.models import CostSheet

    stay, _ = shelter_admission
    # A sheet whose daily rate is exactly 1.000 kr.: 365.000 kr. for one place all year.
    CostSheet.objects.create(
        unit=ishoj_shelter_unit,
        budget_year=2026,
        salaries=Decimal("365000"),
        other=Decimal("0"),
        salary_pools_pct=Decimal("0"),
        maintenance_pct=Decimal("0"),
        indirect_pct=Decimal("0"),
        places=1,
        occupancy_pct=Decimal("100"),
    )
    client = as_user(stay.admitted_by)  # the shelter worker
    bad = client.post(f"/ophold/{stay.uuid}/egenbetaling/", {"own_payment_per_night": "-5"})
    assert "kan ikke være negativ" in bad.content.decode()
    client.post(f"/ophold/{stay.uuid}/egenbetaling/", {"own_payment_per_night": "100,00"})
    do_discharge(
        user=stay.admitted_by, stay=stay, ended_on=datetime.date(2026, 3, 1), destination="street"
    )

    html = client.get(f"/borgere/{stay.citizen.uuid}/afsnit/ophold/").content.decode()
    # 10.01.–01.03.2026: 50 nights, all reimbursed; 50.000 gross, 5.000 own payment,
    # 50 % of 45.000 = 22.500 reimbursed, 22.500 net.
    assert "Økonomi for herbergsophold (§110)" in html
    row = html.split("Økonomi for herbergsophold")[1].split("</tr>")[1]
    for figure in [
        "1.000 kr. (takstblad 2026)",
        "<td>50</td>",
        "50.000 kr.",
        "5.000 kr.",
        "22.500 kr.",
    ]:
        assert figure in row, figure
    assert "Egenbetaling: 100,00 kr. pr. nat" in html


def test_the_running_year_follows_the_economics_rules_as_data():
    from decimal import Decimal

    from hjemvej.economics.models import ReimbursementRule
    from hjemvej.economics.reimbursement import running_year_status
    from hjemvej.economics.selectors import reimbursement_rules

    ReimbursementRule.objects.filter(section="110", valid_from=datetime.date(2026, 4, 1)).update(
        valid_to=datetime.date(2026, 10, 1)
    )
    ReimbursementRule.objects.create(
        section="110",
        kind="running_year",
        name="Ny grænse (eksempel)",
        valid_from=datetime.date(2026, 10, 1),
        share=Decimal("0.5"),
        limit_nights=60,
    )
    year = running_year_status(
        [(datetime.date(2026, 11, 1), None)], datetime.date(2026, 11, 24), reimbursement_rules()
    )
    assert year.limit == 60 and year.reimbursed == 23 and year.nights_left == 37


def test_forecast_can_start_from_the_municipalitys_current_shelter_stays(
    shelter_admission, as_user, manager_ishoj, ishoj_shelter_unit
):
    from decimal import Decimal

    from hjemvej.economics.models import CostSheet

    stay, _ = shelter_admission
    CostSheet.objects.create(
        unit=ishoj_shelter_unit,
        budget_year=2026,
        salaries=Decimal("365000"),
        other=Decimal("0"),
        salary_pools_pct=Decimal("0"),
        maintenance_pct=Decimal("0"),
        indirect_pct=Decimal("0"),
        places=1,
        occupancy_pct=Decimal("100"),
    )
    page = as_user(manager_ishoj).get("/okonomi/prognose/", {"aktuelle": "1"}).content.decode()
    assert "Borger 1; 10.01.2026; ; 1000,00; 0,00" in page
    assert stay.citizen.last_name not in page and stay.citizen.cpr not in page


def test_budget_against_actual_can_start_from_the_offers_recorded_stays(
    shelter_admission, as_user, manager_ishoj, ishoj_shelter_unit
):
    from decimal import Decimal

    from hjemvej.economics.models import CostSheet

    stay, _ = shelter_admission
    sheet = CostSheet.objects.create(
        unit=ishoj_shelter_unit,
        budget_year=2026,
        salaries=Decimal("365000"),
        other=Decimal("0"),
        salary_pools_pct=Decimal("0"),
        maintenance_pct=Decimal("0"),
        indirect_pct=Decimal("0"),
        places=1,
        occupancy_pct=Decimal("100"),
    )
    client = as_user(manager_ishoj)
    assert (
        "Budget mod faktiske ophold"
        in client.get(f"/okonomi/takstblade/{sheet.uuid}/").content.decode()
    )
    page = client.get("/okonomi/budget/", {"takstblad": str(sheet.uuid)}).content.decode()
    assert "Borger 1; 10.01.2026; ; 1000,00; 0,00" in page
    assert (
        "ikke-et-id"
        not in client.get("/okonomi/budget/", {"takstblad": "ikke-et-id"}).content.decode()
    )
