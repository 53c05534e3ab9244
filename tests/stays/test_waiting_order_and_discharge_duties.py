"""Issue 17 item 5: the waiting list's order is kept (admitting ahead of it needs a reason,
which is logged and shown), and a discharge settles the stay's open §110 duties."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hjemvej.audit.models import AuditEntry
from hjemvej.deadlines.models import Task
from hjemvej.stays import services
from hjemvej.stays.models import Stay
from tests.factories import CitizenFactory
from tests.offers.helpers import SHELTER_OK

D = datetime.date


@pytest.fixture
def shelter(ishoj, ishoj_shelter_unit):
    from hjemvej.offers.catalogue import OFFERS, ensure_offer

    return ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])


def adult(municipality, **kw):
    return CitizenFactory(acting_municipality=municipality, birth_date=D(1980, 1, 1), **kw)


def full_with_three_waiting(ishoj, shelter, worker):
    stays = [
        services.do_admit(user=worker, offer=shelter, citizen=adult(ishoj), facts=SHELTER_OK).stay
        for _ in range(9)
    ]
    waiting = [
        services.do_admit(
            user=worker,
            offer=shelter,
            citizen=adult(ishoj, first_name=f"Nummer{i}"),
            facts=SHELTER_OK,
        )
        for i in (1, 2, 3)
    ]
    assert [w.waiting_position for w in waiting] == [1, 2, 3]
    services.do_discharge(
        user=worker, stay=stays[0], ended_on=stays[0].started_on, destination="other_shelter"
    )
    return [w.referral for w in waiting]


def test_admitting_number_three_ahead_of_one_and_two_needs_a_reason(
    ishoj, shelter, shelter_worker_ishoj
):
    first, _second, third = full_with_three_waiting(ishoj, shelter, shelter_worker_ishoj)

    with pytest.raises(ValidationError) as exc:
        services.do_admit(
            user=shelter_worker_ishoj, offer=shelter, citizen=third.citizen, referral=third
        )
    assert exc.value.message_dict["out_of_turn_reason"] == [
        f"Nr. 1 og 2 på ventelisten har ventet længere. Skriv hvorfor "
        f"{third.citizen.full_name} optages uden for tur."
    ]
    assert not Stay.objects.filter(citizen=third.citizen).exists()

    result = services.do_admit(
        user=shelter_worker_ishoj,
        offer=shelter,
        citizen=third.citizen,
        referral=third,
        out_of_turn_reason="Udskrevet fra hospital i dag, kan ikke vente.",
    )

    assert result.admitted
    assert result.stay.out_of_turn_reason == "Udskrevet fra hospital i dag, kan ikke vente."
    change = result.referral.changes.order_by("-id").first()
    assert change.to_status == "admitted"
    assert change.reason == (
        "Optaget uden for tur foran nr. 1 og 2 på ventelisten: "
        "Udskrevet fra hospital i dag, kan ikke vente."
    )
    entry = AuditEntry.objects.get(
        citizen_uuid=third.citizen.uuid, summary__endswith="uden for tur"
    )
    assert entry.detail["out_of_turn"] == {
        "ahead": 2,
        "reason": "Udskrevet fra hospital i dag, kan ikke vente.",
    }
    # number 1 is still first and needs no reason
    first.refresh_from_db()
    assert first.status == "waiting"


def test_admitting_number_one_needs_no_reason(ishoj, shelter, shelter_worker_ishoj):
    first, _, _ = full_with_three_waiting(ishoj, shelter, shelter_worker_ishoj)
    result = services.do_admit(
        user=shelter_worker_ishoj, offer=shelter, citizen=first.citizen, referral=first
    )
    assert result.admitted
    assert result.stay.out_of_turn_reason == ""


def test_admit_page_asks_for_the_reason_and_the_stay_shows_it(
    client, ishoj, shelter, shelter_worker_ishoj
):
    _, _, third = full_with_three_waiting(ishoj, shelter, shelter_worker_ishoj)
    client.force_login(shelter_worker_ishoj)
    url = reverse("stays:admit", args=[third.uuid])

    page = client.get(url).content.decode()
    assert "Begrundelse for optagelse uden for tur" in page
    assert "Nr. 1 og 2 på ventelisten har ventet længere." in page
    assert '(valgfrit)</span></label>\n    <span class="form-hint" id="id_out_of_turn' not in page

    today = timezone.localdate().isoformat()
    response = client.post(url, {"started_on": today})
    assert response.status_code == 200
    assert "Skriv hvorfor borgeren optages foran dem, der har ventet længere." in (
        response.content.decode()
    )
    assert not Stay.objects.filter(citizen=third.citizen).exists()

    response = client.post(
        url, {"started_on": today, "out_of_turn_reason": "Akut behov efter udskrivning."}
    )
    assert response.status_code == 302
    stays_page = client.get(reverse("stays:citizen_stays", args=[third.citizen.uuid]))
    assert "Optaget uden for tur:</strong> Akut behov efter udskrivning." in (
        stays_page.content.decode()
    )


def test_same_day_discharge_keeps_the_notice_open_and_lets_the_action_plan_lapse(
    ishoj, shelter, shelter_worker_ishoj
):
    citizen = adult(ishoj)
    stay = services.do_admit(
        user=shelter_worker_ishoj,
        offer=shelter,
        citizen=citizen,
        facts=SHELTER_OK,
        started_on=D(2026, 11, 20),
    ).stay

    services.do_discharge(
        user=shelter_worker_ishoj, stay=stay, ended_on=D(2026, 11, 20), destination="own_home"
    )

    notify = Task.objects.get(stay=stay, kind=Task.Kind.NOTIFY)
    assert notify.done_on is None and not notify.lapsed
    assert notify.note == (
        "Opholdet sluttede 20.11.2026 (udskrevet til egen bolig). Underretningen skal stadig "
        "sendes (§110, stk. 6)."
    )
    plan = Task.objects.get(stay=stay, kind=Task.Kind.ACTION_PLAN)
    assert plan.lapsed and plan.done_on == D(2026, 11, 20)
    assert plan.done_by == shelter_worker_ishoj
    assert plan.note == "Bortfaldet: Opholdet sluttede 20.11.2026 (udskrevet til egen bolig)."
    summaries = set(
        AuditEntry.objects.filter(citizen_uuid=citizen.uuid).values_list("summary", flat=True)
    )
    assert "Opgave bortfaldet ved udskrivning: Udarbejd handleplan (§141/§142)" in summaries
    assert "Opgave stadig åben efter udskrivning: Underret handlekommunen (§110, stk. 6)" in (
        summaries
    )


def test_a_done_notice_is_left_alone_at_discharge(ishoj, shelter, shelter_worker_ishoj):
    stay = services.do_admit(
        user=shelter_worker_ishoj, offer=shelter, citizen=adult(ishoj), facts=SHELTER_OK
    ).stay
    notify = Task.objects.get(stay=stay, kind=Task.Kind.NOTIFY)
    services.do_complete_task(user=shelter_worker_ishoj, task=notify, note="Sendt")
    services.do_discharge(
        user=shelter_worker_ishoj, stay=stay, ended_on=stay.started_on, destination="street"
    )
    notify.refresh_from_db()
    assert notify.note == "Sendt" and not notify.lapsed


def test_stay_history_shows_lapsed_and_kept_duties(client, ishoj, shelter, shelter_worker_ishoj):
    citizen = adult(ishoj)
    stay = services.do_admit(
        user=shelter_worker_ishoj, offer=shelter, citizen=citizen, facts=SHELTER_OK
    ).stay
    services.do_discharge(
        user=shelter_worker_ishoj, stay=stay, ended_on=stay.started_on, destination="own_home"
    )
    client.force_login(shelter_worker_ishoj)
    page = client.get(reverse("stays:citizen_stays", args=[citizen.uuid])).content.decode()
    assert "bortfaldet" in page
    assert "Underretningen skal stadig sendes (§110, stk. 6)." in page


def test_database_refuses_a_lapsed_task_that_is_not_closed(ishoj, shelter, shelter_worker_ishoj):
    from django.db import IntegrityError, transaction

    stay = services.do_admit(
        user=shelter_worker_ishoj, offer=shelter, citizen=adult(ishoj), facts=SHELTER_OK
    ).stay
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.filter(stay=stay, kind=Task.Kind.NOTIFY).update(lapsed=True)


def test_waiting_list_page_shows_the_latest_out_of_turn_admissions(
    client, ishoj, shelter, shelter_worker_ishoj
):
    _, _, third = full_with_three_waiting(ishoj, shelter, shelter_worker_ishoj)
    services.do_admit(
        user=shelter_worker_ishoj,
        offer=shelter,
        citizen=third.citizen,
        referral=third,
        out_of_turn_reason="Akut behov.",
    )
    client.force_login(shelter_worker_ishoj)
    page = client.get(reverse("offers:waiting_list", args=[shelter.uuid])).content.decode()
    assert "Optaget uden for tur" in page
    assert "Optaget uden for tur foran nr. 1 og 2 på ventelisten: Akut behov." in page
    assert third.citizen.full_name in page


def test_stays_page_shows_the_open_duties_with_their_buttons(
    client, ishoj, shelter, shelter_worker_ishoj, caseworker_ishoj
):
    """The stays page reads each stay's tasks with the citizen and the stay it already has (issue
    13): the buttons still name the citizen and point at the stay and the task."""
    citizen = adult(ishoj, first_name="Karl", last_name="Berg")
    stay = services.do_admit(
        user=shelter_worker_ishoj, offer=shelter, citizen=citizen, facts=SHELTER_OK
    ).stay
    tasks = {t.kind: t for t in Task.objects.filter(stay=stay)}
    client.force_login(caseworker_ishoj)
    page = client.get(reverse("stays:citizen_stays", args=[citizen.uuid])).content.decode()
    assert f'action="{reverse("post:stay_notice", args=[stay.uuid])}"' in page
    assert "underretning om Karl Berg</span>" in page
    for task in tasks.values():
        assert f'action="{reverse("stays:complete_task", args=[task.uuid])}"' in page
        assert (
            f'Markér som udført<span class="sr-only">: {task.get_kind_display()} for Karl Berg'
            in (page)
        )
    assert page.count("åben") >= len(tasks)
