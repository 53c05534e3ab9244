"""The audit log: what is written, that it is tamper-evident, and pruning."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from hjemvej.accounts.models import Role, Unit
from hjemvej.audit.models import Action, AuditAnchor, AuditEntry
from hjemvej.audit.services import log_event, prune, verify_chain
from tests.factories import UnitFactory, UserFactory, member

pytestmark = pytest.mark.django_db


def test_a_read_is_logged_with_who_what_and_why(as_user, caseworker_ishoj, citizen_ishoj):
    as_user(caseworker_ishoj).get(f"/borgere/{citizen_ishoj.uuid}/")
    row = AuditEntry.objects.get(action=Action.READ)
    assert row.actor_username == "sagsbehandler.ishoj"
    assert row.actor_unit == "Myndighed, Voksne udsatte"
    assert row.citizen_uuid == citizen_ishoj.uuid
    assert row.summary == "Borgerens overblik"
    assert row.purpose == "Sagsbehandling i Myndighed, Voksne udsatte"


def test_chain_verifies_and_names_the_changed_row(citizen_ishoj, capsys):
    for i in range(5):
        log_event(action=Action.READ, summary=f"opslag {i}", citizen=citizen_ishoj)
    call_command("audit", "verify")
    assert "Logkæden er hel: 5 rækker" in capsys.readouterr().out

    victim = AuditEntry.objects.order_by("id")[2]
    AuditEntry.objects.filter(pk=victim.pk).update(
        summary="ingenting"
    )  # a change made directly in the database
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify")
    assert f"række {victim.pk}" in str(exc.value)


def test_deleted_row_breaks_the_chain_at_the_next_row(citizen_ishoj):
    rows = [
        log_event(action=Action.READ, summary=f"opslag {i}", citizen=citizen_ishoj)
        for i in range(4)
    ]
    AuditEntry.objects.filter(pk=rows[1].pk)._raw_delete("default")
    result = verify_chain()
    assert not result.ok and result.broken.pk == rows[2].pk


def test_rows_cannot_be_changed_through_the_orm(citizen_ishoj):
    row = log_event(action=Action.READ, summary="opslag", citizen=citizen_ishoj)
    row.summary = "ændret"
    with pytest.raises(RuntimeError):
        row.save()
    with pytest.raises(RuntimeError):
        row.delete()


def test_prune_deletes_old_rows_and_the_rest_still_verifies(citizen_ishoj):
    rows = [
        log_event(action=Action.READ, summary=f"opslag {i}", citizen=citizen_ishoj)
        for i in range(6)
    ]
    old = timezone.now() - datetime.timedelta(days=4000)
    AuditEntry.objects.filter(pk__in=[r.pk for r in rows[:3]]).update(at=old)
    # Rewriting `at` breaks those rows' hashes; they are the ones pruned, so recompute nothing.
    deleted = prune(days=3650)
    assert deleted == 3
    assert AuditEntry.objects.count() == 3
    assert AuditAnchor.objects.get().last_hash == rows[2].hash
    assert verify_chain().ok
    log_event(action=Action.READ, summary="nyt opslag", citizen=citizen_ishoj)
    assert verify_chain().ok


def test_manager_searches_the_log_and_draws_a_spot_check(
    as_user, manager_ishoj, caseworker_ishoj, citizen_ishoj, citizen_ballerup
):
    as_user(caseworker_ishoj).get(f"/borgere/{citizen_ishoj.uuid}/")
    client = as_user(manager_ishoj)
    page = client.get(
        "/logning/", {"username": "sagsbehandler.ishoj", "cpr": citizen_ishoj.cpr}
    ).content.decode()
    assert "Borgerens overblik" in page
    search = AuditEntry.objects.filter(action=Action.SEARCH, actor_username="leder.ishoj").get()
    assert search.detail["criterion"]["cpr"].endswith("-xxxx")

    sample = client.post("/logning/stikproeve/", {"size": 5, "days": 30}).content.decode()
    assert "Borgerens overblik" in sample
    assert AuditEntry.objects.filter(action=Action.SPOT_CHECK).exists()


def test_spot_check_is_unpredictable(citizen_ishoj, manager_ishoj):
    from hjemvej.audit.services import draw_spot_check

    for i in range(60):
        log_event(action=Action.READ, summary=f"opslag {i}", citizen=citizen_ishoj)
    now = timezone.now()
    draws = {
        tuple(
            e.pk
            for e in draw_spot_check(
                size=5,
                since=now - datetime.timedelta(days=1),
                until=now + datetime.timedelta(seconds=1),
            )
        )
        for _ in range(5)
    }
    assert len(draws) > 1


def test_log_pages_are_404_for_non_managers(as_user, caseworker_ishoj, analyst_ishoj):
    assert as_user(caseworker_ishoj).get("/logning/").status_code == 404
    assert as_user(analyst_ishoj).get("/logning/stikproeve/").status_code == 404


# ---------------------------------------------------------------- the actor comes from one place


def test_a_service_called_outside_a_request_logs_the_system_unless_told(citizen_ishoj):
    from hjemvej.audit.context import acting_as
    from hjemvej.audit.services import log_event

    plain = log_event(action=Action.READ, summary="uden aktør", citizen=citizen_ishoj)
    assert plain.actor_username == "(system)" and plain.actor_id is None
    user = UserFactory(username="natlig.kørsel")
    with acting_as(user):
        named = log_event(action=Action.READ, summary="med aktør", citizen=citizen_ishoj)
    assert named.actor_username == "natlig.kørsel" and named.actor_id == user.pk


def test_the_actor_unit_is_the_unit_that_grants_access_not_the_first_membership(
    ishoj_authority, ishoj_shelter_unit, resident_ishoj, citizen_ballerup, as_user
):
    # A user who works both in Ballerup's authority (first membership) and at Ishøj's shelter
    # opens a resident of the shelter: the row names the shelter, the unit acting.
    ballerup_authority = UnitFactory(
        municipality=citizen_ballerup.acting_municipality,
        kind=Unit.Kind.AUTHORITY,
        name="Myndighed, Ballerup",
        slug="ballerup-myndighed-2",
    )
    user = member(UserFactory(username="to.enheder"), ballerup_authority, Role.CASEWORKER)
    member(user, ishoj_shelter_unit, Role.OFFER_STAFF)
    assert as_user(user).get(f"/borgere/{resident_ishoj.uuid}/").status_code == 200
    row = AuditEntry.objects.filter(action=Action.READ, citizen_uuid=resident_ishoj.uuid).last()
    assert row.actor_username == "to.enheder"
    assert row.actor_unit == ishoj_shelter_unit.name
