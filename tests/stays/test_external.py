"""Stays at offers the municipality buys (issue 16): the offer registered by the buyer, the stay
recorded from the shelter's §110 stk. 6 notice, priced at the agreed price, and no access for
the provider."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hjemvej.access import policy
from hjemvej.access import services as access_services
from hjemvej.accounts.models import Role, Unit
from hjemvej.deadlines.models import Task
from hjemvej.offers.models import LegalBasis, Operator, ReferralStatus
from hjemvej.offers.services import do_register_bought_offer, do_update_bought_offer
from hjemvej.people.models import Relationship
from hjemvej.stays import services
from hjemvej.stays.economy import shelter_money
from hjemvej.stays.models import Stay
from tests.factories import CitizenFactory, UserFactory, member

TODAY = datetime.date.today()


@pytest.fixture
def bought_shelter(caseworker_ishoj, ishoj):
    return do_register_bought_offer(
        user=caseworker_ishoj,
        municipality=ishoj,
        name="Forsorgshjemmet Vestvolden (fiktivt)",
        operator=Operator.PRIVATE,
        provider="Vestvolden Fond (fiktiv)",
        tilbudsportalen_id="990001",
        legal_basis=LegalBasis.SEL_110,
        residential=True,
        price_per_night=Decimal("1200.00"),
    )


def register(user, offer, citizen, *, started_on, **kw):
    kw.setdefault("notice_received_on", min(started_on + datetime.timedelta(days=2), TODAY))
    return services.do_register_external_stay(
        user=user, offer=offer, citizen=citizen, started_on=started_on, **kw
    )


def test_a_bought_offer_belongs_to_the_buyer_and_has_no_staff(bought_shelter, ishoj):
    assert bought_shelter.is_external
    assert bought_shelter.unit.municipality == ishoj
    assert bought_shelter.unit.kind == Unit.Kind.OFFER
    assert not bought_shelter.unit.memberships.exists()


def test_only_the_buyers_authority_registers_a_bought_offer(
    caseworker_ballerup, shelter_worker_ishoj, ishoj
):
    for user in (caseworker_ballerup, shelter_worker_ishoj):
        with pytest.raises(PermissionDenied):
            do_register_bought_offer(
                user=user,
                municipality=ishoj,
                name="X",
                operator=Operator.PRIVATE,
                provider="Y",
                legal_basis=LegalBasis.SEL_110,
            )


def test_a_bought_offer_needs_a_provider_and_not_the_own_operator(caseworker_ishoj, ishoj):
    with pytest.raises(ValidationError) as exc:
        do_register_bought_offer(
            user=caseworker_ishoj,
            municipality=ishoj,
            name="X",
            operator=Operator.OWN,
            provider="",
            legal_basis=LegalBasis.SEL_110,
        )
    assert set(exc.value.message_dict) == {"operator", "provider"}


def test_two_municipalities_may_buy_at_the_same_tilbudsportalen_id(
    bought_shelter, caseworker_ballerup, ballerup
):
    other = do_register_bought_offer(
        user=caseworker_ballerup,
        municipality=ballerup,
        name="Forsorgshjemmet Vestvolden (fiktivt)",
        operator=Operator.PRIVATE,
        provider="Vestvolden Fond (fiktiv)",
        tilbudsportalen_id="990001",
        legal_basis=LegalBasis.SEL_110,
    )
    assert other.unit.municipality == ballerup


def test_update_changes_name_and_price_and_is_audited(bought_shelter, caseworker_ishoj):
    offer = do_update_bought_offer(
        user=caseworker_ishoj,
        offer=bought_shelter,
        changes={"name": "Vestvolden", "price_per_night": Decimal("1300")},
    )
    assert offer.name == "Vestvolden"
    assert offer.price_per_night == Decimal("1300")


def test_the_unit_of_a_bought_offer_gets_no_staff(bought_shelter, admin_user):
    target = UserFactory(username="leverandoer")
    with pytest.raises(ValidationError):
        access_services.do_create_user(
            user=admin_user,
            username="leverandoer2",
            unit=bought_shelter.unit,
            role=Role.OFFER_STAFF,
        )
    with pytest.raises(ValidationError):
        access_services.do_add_membership(
            user=admin_user, target=target, unit=bought_shelter.unit, role=Role.OFFER_STAFF
        )
    assert bought_shelter.unit not in policy.staffable_units(Unit.objects.all())


def test_a_stay_from_the_notice_goes_through_the_admission(
    bought_shelter, caseworker_ishoj, citizen_ishoj
):
    start = TODAY - datetime.timedelta(days=10)
    stay = register(
        caseworker_ishoj,
        bought_shelter,
        citizen_ishoj,
        started_on=start,
        own_payment_per_night=Decimal("100"),
    )
    assert stay.price_per_night == Decimal("1200.00")  # from the offer
    assert stay.notice_received_on == start + datetime.timedelta(days=2)
    assert stay.admitted_by == caseworker_ishoj
    assert stay.room is None
    assert stay.referral.self_referral and stay.referral.status == ReferralStatus.ADMITTED
    assert stay.relationship.unit == bought_shelter.unit
    assert stay.relationship.kind == Relationship.Kind.STAY
    notify = Task.objects.get(stay=stay, kind=Task.Kind.NOTIFY)
    assert notify.done_on == stay.notice_received_on
    assert Task.objects.get(stay=stay, kind=Task.Kind.ACTION_PLAN).done_on is None


def test_the_one_open_stay_rule_holds(bought_shelter, caseworker_ishoj, citizen_ishoj):
    register(caseworker_ishoj, bought_shelter, citizen_ishoj, started_on=TODAY)
    with pytest.raises(ValidationError, match="allerede et ophold"):
        register(caseworker_ishoj, bought_shelter, citizen_ishoj, started_on=TODAY)


def test_notice_before_decision_and_a_missing_price_are_refused(
    caseworker_ishoj, ishoj, citizen_ishoj
):
    offer = do_register_bought_offer(
        user=caseworker_ishoj,
        municipality=ishoj,
        name="Uden pris",
        operator=Operator.MUNICIPALITY,
        provider="Roskilde Kommune",
        legal_basis=LegalBasis.SEL_110,
    )
    with pytest.raises(ValidationError) as exc:
        register(
            caseworker_ishoj,
            offer,
            citizen_ishoj,
            started_on=TODAY,
            notice_received_on=TODAY - datetime.timedelta(days=1),
        )
    assert set(exc.value.message_dict) == {"notice_received_on", "price_per_night"}


def test_a_monthly_price_gives_the_nightly_default(caseworker_ishoj, ishoj):
    offer = do_register_bought_offer(
        user=caseworker_ishoj,
        municipality=ishoj,
        name="Månedspris",
        operator=Operator.REGION,
        provider="Region Hovedstaden",
        legal_basis=LegalBasis.SEL_107,
        price_per_month=Decimal("36500"),
    )
    assert services.agreed_price(offer) == Decimal("1200.00")


def test_another_municipalitys_citizen_cannot_be_registered(
    bought_shelter, caseworker_ishoj, caseworker_ballerup, citizen_ballerup, citizen_ishoj
):
    with pytest.raises(PermissionDenied):
        register(caseworker_ballerup, bought_shelter, citizen_ishoj, started_on=TODAY)
    with pytest.raises(PermissionDenied):
        register(caseworker_ishoj, bought_shelter, citizen_ballerup, started_on=TODAY)


def test_shelter_staff_of_the_buyer_do_not_record_bought_stays(
    bought_shelter, shelter_worker_ishoj, resident_ishoj
):
    with pytest.raises(PermissionDenied):
        register(shelter_worker_ishoj, bought_shelter, resident_ishoj, started_on=TODAY)


def test_the_end_of_a_bought_stay_is_recorded_by_the_authority(
    bought_shelter, caseworker_ishoj, citizen_ishoj
):
    stay = register(
        caseworker_ishoj,
        bought_shelter,
        citizen_ishoj,
        started_on=TODAY - datetime.timedelta(days=30),
    )
    services.do_discharge(
        user=caseworker_ishoj, stay=stay, ended_on=TODAY, destination="own_home_support"
    )
    stay.refresh_from_db()
    assert stay.ended_on == TODAY and stay.discharged_by == caseworker_ishoj


def test_the_agreed_price_prices_the_nights_and_the_reimbursement(
    bought_shelter, caseworker_ishoj, citizen_ishoj
):
    stay = register(
        caseworker_ishoj,
        bought_shelter,
        citizen_ishoj,
        started_on=TODAY - datetime.timedelta(days=10),
        own_payment_per_night=Decimal("200"),
    )
    money = shelter_money([Stay.objects.select_related("offer").get(pk=stay.pk)], TODAY)[stay.pk]
    assert money.priced and money.sheets[0].source == "aftalt pris"
    assert money.tally.nights == 10
    assert money.tally.gross == Decimal("12000")
    assert money.tally.own_payment == Decimal("2000")
    # 50 % of the municipality's expense after the own payment, within the running year.
    assert money.tally.reimbursement == Decimal("5000")


def test_the_provider_has_no_access_and_the_buyers_caseworker_has(
    bought_shelter, caseworker_ishoj, caseworker_ballerup, citizen_ishoj
):
    register(caseworker_ishoj, bought_shelter, citizen_ishoj, started_on=TODAY)
    assert policy.grant_for(caseworker_ishoj, citizen_ishoj) is not None
    assert policy.grant_for(caseworker_ballerup, citizen_ishoj) is None
    assert not policy.may_admit(caseworker_ballerup, bought_shelter)
    # Nobody works at the unit, so the tie gives nobody else access.
    assert not bought_shelter.unit.memberships.exists()
    manager_elsewhere = member(
        UserFactory(),
        CitizenFactory().acting_municipality.units.create(
            kind=Unit.Kind.AUTHORITY, name="M", slug="m-x"
        ),
        Role.MANAGER,
    )
    assert policy.grant_for(manager_elsewhere, citizen_ishoj) is None
