"""The shelter path in the services: arrival, room, duties, flags, waiting list, discharge."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from hjemvej.accounts.models import Role, Unit
from hjemvej.audit.models import AuditEntry
from hjemvej.deadlines.models import Task
from hjemvej.offers.models import Referral, ReferralStatus
from hjemvej.people.models import Relationship
from hjemvej.stays import services
from hjemvej.stays.models import Flag, Stay
from tests.factories import CitizenFactory, UnitFactory, UserFactory, member
from tests.offers.helpers import SHELTER_OK, YOUTH_OK, herning_shelter, offer_for

D = datetime.date


@pytest.fixture
def shelter(ishoj, ishoj_shelter_unit):
    from hjemvej.offers.catalogue import OFFERS, ensure_offer

    return ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])


def adult(municipality, **kw):
    return CitizenFactory(acting_municipality=municipality, birth_date=D(1980, 1, 1), **kw)


def test_herning_shelter_path_notification_due_three_working_days_after_easter(herning):
    shelter = herning_shelter(herning)
    authority = UnitFactory(
        municipality=herning, kind=Unit.Kind.AUTHORITY, slug="herning-myndighed"
    )
    worker = member(UserFactory(username="herberg.herning"), shelter.unit, Role.OFFER_STAFF)
    member(UserFactory(username="sagsbehandler.herning"), authority, Role.CASEWORKER)
    citizen = adult(herning)

    result = services.do_register_arrival(
        user=worker, offer=shelter, citizen=citizen, facts=SHELTER_OK, arrived_on=D(2026, 4, 1)
    )

    assert result.admitted
    stay = result.stay
    assert stay.room.name == "Værelse A"
    notify = Task.objects.get(stay=stay, kind=Task.Kind.NOTIFY)
    assert notify.due_on == D(2026, 4, 9)  # Easter: 2, 3 and 6 April are holidays
    assert notify.unit == shelter.unit
    plan = Task.objects.get(stay=stay, kind=Task.Kind.ACTION_PLAN)
    assert plan.municipality == herning
    referral = result.referral
    assert referral.self_referral
    assert referral.status == ReferralStatus.ADMITTED
    assert [c.to_status for c in referral.changes.all()] == ["requested", "approved", "admitted"]
    rel = Relationship.objects.get(citizen=citizen, unit=shelter.unit, kind="stay")
    assert rel.ended_on is None
    assert AuditEntry.objects.filter(
        citizen_uuid=citizen.uuid, summary__startswith="Optaget på Herberget Herning"
    ).exists()


def test_tenth_arrival_at_the_nine_room_shelter_goes_on_the_waiting_list(
    ishoj, shelter, shelter_worker_ishoj
):
    for _ in range(9):
        assert services.do_register_arrival(
            user=shelter_worker_ishoj, offer=shelter, citizen=adult(ishoj), facts=SHELTER_OK
        ).admitted
    tenth = adult(ishoj, first_name="Tiende")

    result = services.do_register_arrival(
        user=shelter_worker_ishoj, offer=shelter, citizen=tenth, facts=SHELTER_OK
    )

    assert not result.admitted
    assert result.waiting_position == 1
    assert "er sat på ventelisten som nr. 1" in result.message
    assert Referral.objects.get(citizen=tenth).status == ReferralStatus.WAITING
    assert Stay.objects.filter(offer=shelter, ended_on__isnull=True).count() == 9
    # the shelter may see the citizen on its waiting list
    assert Relationship.objects.filter(citizen=tenth, unit=shelter.unit, kind="referral").exists()


def test_seventeen_year_old_is_refused_at_the_shelter_with_reason(
    ishoj, shelter, shelter_worker_ishoj
):
    young = CitizenFactory(acting_municipality=ishoj, birth_date=D(2009, 6, 1))
    result = services.do_register_arrival(
        user=shelter_worker_ishoj,
        offer=shelter,
        citizen=young,
        facts=SHELTER_OK,
        arrived_on=D(2026, 11, 24),
    )
    assert result.refused
    assert "Borgeren er 17 år; tilbuddet optager fra 18 år." in result.message
    referral = Referral.objects.get(citizen=young)
    assert referral.status == ReferralStatus.REFUSED
    assert "17 år" in referral.reason
    assert not Stay.objects.filter(citizen=young).exists()


def test_twenty_two_year_old_who_is_admitted_gets_the_under_25_flag(
    ishoj, shelter, shelter_worker_ishoj
):
    young = CitizenFactory(acting_municipality=ishoj, birth_date=D(2004, 6, 1))
    result = services.do_register_arrival(
        user=shelter_worker_ishoj,
        offer=shelter,
        citizen=young,
        facts=SHELTER_OK,
        arrived_on=D(2026, 11, 24),
    )
    flag = Flag.objects.get(stay=result.stay)
    assert flag.kind == Flag.Kind.UNDER_25
    assert "Borgeren er under 25 år. Kommunen skal tilbyde et alternativ" in flag.text


def test_the_youth_age_comes_from_the_acting_municipalitys_setting(herning):
    shelter = herning_shelter(herning)
    # The municipality's setting decides (the offer's criteria never hold an age of their own).
    worker = member(UserFactory(username="herberg.herning"), shelter.unit, Role.OFFER_STAFF)
    herning.youth_age = 30
    herning.save(update_fields=["youth_age"])
    citizen = CitizenFactory(acting_municipality=herning, birth_date=D(1998, 1, 1))  # 28
    result = services.do_register_arrival(
        user=worker, offer=shelter, citizen=citizen, facts=SHELTER_OK, arrived_on=D(2026, 4, 1)
    )
    flag = Flag.objects.get(stay=result.stay)
    assert flag.kind == Flag.Kind.UNDER_25
    assert "Borgeren er under 30 år" in flag.text

    herning.youth_age = 25
    herning.save(update_fields=["youth_age"])
    other = CitizenFactory(acting_municipality=herning, birth_date=D(1998, 1, 1))
    result = services.do_register_arrival(
        user=worker, offer=shelter, citizen=other, facts=SHELTER_OK, arrived_on=D(2026, 4, 1)
    )
    assert not Flag.objects.filter(stay=result.stay).exists()


def test_own_home_raises_a_flag(ishoj, shelter, shelter_worker_ishoj):
    result = services.do_register_arrival(
        user=shelter_worker_ishoj,
        offer=shelter,
        citizen=adult(ishoj),
        facts={**SHELTER_OK, "own_home": True},
    )
    assert list(result.stay.flags.values_list("kind", flat=True)) == ["own_home"]


def test_unknown_facts_block_admission_with_the_questions(ishoj, shelter, shelter_worker_ishoj):
    with pytest.raises(ValidationError) as exc:
        services.do_register_arrival(
            user=shelter_worker_ishoj, offer=shelter, citizen=adult(ishoj), facts={}
        )
    assert "Har borgeren et aktivt misbrug af rusmidler?" in exc.value.message_dict["facts"]
    assert not Stay.objects.exists()


def test_occupied_room_is_refused_in_danish(ishoj, shelter, shelter_worker_ishoj):
    room = shelter.rooms.first()
    services.do_admit(
        user=shelter_worker_ishoj, offer=shelter, citizen=adult(ishoj), room=room, facts=SHELTER_OK
    )
    with pytest.raises(ValidationError) as exc:
        services.do_admit(
            user=shelter_worker_ishoj,
            offer=shelter,
            citizen=adult(ishoj),
            room=room,
            facts=SHELTER_OK,
        )
    assert exc.value.message_dict["room"] == [
        "Værelse 1 – Ask er optaget af en anden borger. Vælg et ledigt værelse, eller sæt "
        "borgeren på ventelisten."
    ]


def test_citizen_cannot_have_two_residential_stays(ishoj, shelter, shelter_worker_ishoj):
    skaeve = offer_for(ishoj, "ishoj-skaeve-boliger")
    member(shelter_worker_ishoj, skaeve.unit, Role.OFFER_STAFF)  # works at both, as in Ishøj
    citizen = adult(ishoj)
    services.do_admit(user=shelter_worker_ishoj, offer=shelter, citizen=citizen, facts=SHELTER_OK)
    with pytest.raises(ValidationError) as exc:
        services.do_admit(user=shelter_worker_ishoj, offer=skaeve, citizen=citizen)
    assert "har allerede et ophold på De fleksible afklaringspladser" in exc.value.messages[0]


def test_database_refuses_a_second_open_stay_in_a_room(ishoj, shelter, shelter_worker_ishoj):
    from django.db import IntegrityError, transaction

    room = shelter.rooms.first()
    services.do_admit(
        user=shelter_worker_ishoj, offer=shelter, citizen=adult(ishoj), room=room, facts=SHELTER_OK
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Stay.objects.create(
            citizen=adult(ishoj),
            offer=shelter,
            room=room,
            decided_on=D(2026, 1, 1),
            started_on=D(2026, 1, 1),
        )


def test_database_refuses_end_before_start(ishoj, shelter):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Stay.objects.create(
            citizen=adult(ishoj),
            offer=shelter,
            decided_on=D(2026, 1, 1),
            started_on=D(2026, 1, 5),
            ended_on=D(2026, 1, 4),
        )


def test_discharge_to_own_home_closes_the_tie_and_frees_the_room(
    ishoj, shelter, shelter_worker_ishoj
):
    citizen = adult(ishoj)
    stay = services.do_admit(
        user=shelter_worker_ishoj,
        offer=shelter,
        citizen=citizen,
        facts=SHELTER_OK,
        started_on=D(2026, 10, 1),
    ).stay
    services.do_discharge(
        user=shelter_worker_ishoj,
        stay=stay,
        ended_on=D(2026, 11, 20),
        destination="own_home",
        reason="Fik lejlighed",
    )
    stay.refresh_from_db()
    assert stay.ended_on == D(2026, 11, 20)
    assert stay.count_category_label == "Ikke hjemløs (egen bolig)"
    assert Relationship.objects.get(pk=stay.relationship_id).ended_on == D(2026, 11, 20)
    entry = AuditEntry.objects.filter(citizen_uuid=citizen.uuid).order_by("-id").first()
    assert entry.summary == "Udskrevet fra De fleksible afklaringspladser til: egen bolig"
    assert entry.detail["count_category"] == "not_homeless"
    with pytest.raises(ValidationError):
        services.do_discharge(
            user=shelter_worker_ishoj, stay=stay, ended_on=D(2026, 11, 21), destination="street"
        )


def test_admission_from_the_waiting_list_when_a_room_frees(ishoj, shelter, shelter_worker_ishoj):
    stays = [
        services.do_admit(
            user=shelter_worker_ishoj, offer=shelter, citizen=adult(ishoj), facts=SHELTER_OK
        ).stay
        for _ in range(9)
    ]
    waiting = services.do_admit(
        user=shelter_worker_ishoj, offer=shelter, citizen=adult(ishoj), facts=SHELTER_OK
    )
    assert waiting.waiting
    services.do_discharge(
        user=shelter_worker_ishoj,
        stay=stays[3],
        ended_on=stays[3].started_on,
        destination="other_shelter",
    )
    result = services.do_admit(
        user=shelter_worker_ishoj,
        offer=shelter,
        citizen=waiting.referral.citizen,
        referral=waiting.referral,
    )
    assert result.admitted
    assert result.stay.room == stays[3].room
    assert [c.to_status for c in result.referral.changes.all()] == [
        "requested",
        "approved",
        "waiting",
        "admitted",
    ]


def test_referral_cannot_move_backwards(ishoj, shelter, shelter_worker_ishoj):
    from hjemvej.offers.services import do_set_referral_status

    result = services.do_admit(
        user=shelter_worker_ishoj, offer=shelter, citizen=adult(ishoj), facts=SHELTER_OK
    )
    with pytest.raises(ValidationError) as exc:
        do_set_referral_status(
            user=shelter_worker_ishoj, referral=result.referral, to=ReferralStatus.WAITING
        )
    assert exc.value.messages == [
        "En visitation med status »optaget« kan ikke ændres til »på venteliste«."
    ]


@pytest.mark.skipif(
    "postgresql" not in __import__("django.conf").conf.settings.DATABASES["default"]["ENGINE"],
    reason="Kun PostgreSQL: tråde mod en rigtig databaseserver",
)
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_admissions_to_the_last_free_room_give_one_stay(
    ishoj, ishoj_shelter_unit
):
    from hjemvej.offers.catalogue import OFFERS, ensure_offer

    shelter = ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])
    worker = member(UserFactory(username="herberg.ishoj"), ishoj_shelter_unit, Role.OFFER_STAFF)
    rooms = list(shelter.rooms.all())
    for room in rooms[:-1]:
        services.do_admit(
            user=worker, offer=shelter, citizen=adult(ishoj), room=room, facts=SHELTER_OK
        )
    last = rooms[-1]
    citizens = [adult(ishoj) for _ in range(20)]
    barrier = threading.Barrier(20)
    outcomes: list = []
    lock = threading.Lock()

    def admit(citizen):
        try:
            barrier.wait()
            result = services.do_admit(
                user=worker, offer=shelter, citizen=citizen, room=last, facts=SHELTER_OK
            )
            with lock:
                outcomes.append(("ok", result.stay.pk))
        except ValidationError as exc:
            with lock:
                outcomes.append(("refused", exc.message_dict["room"][0]))
        finally:
            connection.close()

    threads = [threading.Thread(target=admit, args=(c,)) for c in citizens]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(kind for kind, _ in outcomes) == ["ok"] + ["refused"] * 19
    assert {msg for kind, msg in outcomes if kind == "refused"} == {
        "Værelse 9 – Røn er optaget af en anden borger. Vælg et ledigt værelse, eller sæt "
        "borgeren på ventelisten."
    }
    assert Stay.objects.filter(room=last, ended_on__isnull=True).count() == 1


def test_youth_housing_admits_only_after_the_authoritys_approval(ballerup, caseworker_ballerup):
    from hjemvej.offers.services import do_decide_referral, do_refer

    youth = offer_for(ballerup, "ballerup-ungebolig")
    staff = member(UserFactory(username="herberg.ballerup"), youth.unit, Role.OFFER_STAFF)
    young = CitizenFactory(acting_municipality=ballerup, birth_date=D(2005, 3, 1))
    facts = YOUTH_OK
    with pytest.raises(ValidationError) as exc:
        services.do_admit(user=staff, offer=youth, citizen=young, facts=facts)
    assert "skal visiteres til" in exc.value.messages[0]
    referral = do_refer(user=caseworker_ballerup, citizen=young, offer=youth, facts=facts)
    with pytest.raises(ValidationError) as exc:
        services.do_admit(user=staff, offer=youth, citizen=young, referral=referral)
    assert exc.value.messages[0].startswith("Visitationen er endnu ikke bevilget.")
    do_decide_referral(user=caseworker_ballerup, referral=referral, approve=True)
    result = services.do_admit(user=staff, offer=youth, citizen=young, referral=referral)
    assert result.stay.room.name == "Bolig 1"
    assert (
        not result.stay.flags.exists()
    )  # the under-25 rule is the shelter's, not the youth housing's
    assert not Task.objects.filter(stay=result.stay).exists()
    assert Relationship.objects.get(citizen=young, unit=youth.unit, kind="stay").ended_on is None


@pytest.mark.skipif(
    "postgresql" not in __import__("django.conf").conf.settings.DATABASES["default"]["ENGINE"],
    reason="Kun PostgreSQL: eksklusionsbegrænsninger",
)
def test_postgres_refuses_overlapping_stays_in_a_room_even_when_backdated(ishoj, shelter):
    from django.db import IntegrityError, transaction

    room = shelter.rooms.first()
    Stay.objects.create(
        citizen=adult(ishoj),
        offer=shelter,
        room=room,
        decided_on=D(2026, 1, 1),
        started_on=D(2026, 1, 1),
        ended_on=D(2026, 3, 1),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Stay.objects.create(
            citizen=adult(ishoj),
            offer=shelter,
            room=room,
            decided_on=D(2026, 2, 1),
            started_on=D(2026, 2, 1),
            ended_on=D(2026, 2, 10),
        )
    # back to back is fine: a stay's last night is the night before its end date
    Stay.objects.create(
        citizen=adult(ishoj),
        offer=shelter,
        room=room,
        decided_on=D(2026, 3, 1),
        started_on=D(2026, 3, 1),
        ended_on=D(2026, 4, 1),
    )
    citizen = adult(ishoj)
    Stay.objects.create(
        citizen=citizen,
        offer=shelter,
        decided_on=D(2025, 1, 1),
        started_on=D(2025, 1, 1),
        ended_on=D(2025, 6, 1),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Stay.objects.create(
            citizen=citizen,
            offer=shelter,
            decided_on=D(2025, 5, 1),
            started_on=D(2025, 5, 1),
            ended_on=D(2025, 5, 20),
        )
