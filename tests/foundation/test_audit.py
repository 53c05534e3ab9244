"""The audit log: what is written, that it is tamper-evident (keyed chain, anchors outside the
database, append-only on PostgreSQL), and pruning."""

import datetime
import hashlib
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from hjemvej.accounts.models import Role, Unit
from hjemvej.audit.context import acting_as
from hjemvej.audit.models import Action, AuditAnchor, AuditEntry
from hjemvej.audit.services import anchor, log_event, log_search, prune, verify_chain
from tests.audit_tools import ON_POSTGRES, trigger_off
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
    with trigger_off():  # a change made directly in the database
        AuditEntry.objects.filter(pk=victim.pk).update(summary="ingenting")
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify")
    assert f"række {victim.pk}" in str(exc.value)


def test_deleted_row_breaks_the_chain_at_the_next_row(citizen_ishoj):
    rows = [
        log_event(action=Action.READ, summary=f"opslag {i}", citizen=citizen_ishoj)
        for i in range(4)
    ]
    with trigger_off():
        AuditEntry.objects.filter(pk=rows[1].pk)._raw_delete("default")
    result = verify_chain()
    assert not result.ok and result.broken.pk == rows[2].pk
    assert "rækkerne nr. 2–2" in result.reason


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
    with trigger_off():
        AuditEntry.objects.filter(pk__in=[r.pk for r in rows[:3]]).update(at=old)
    # Rewriting `at` breaks those rows' hashes; they are the ones pruned, so recompute nothing.
    deleted = prune(days=3650)
    assert deleted == 3
    assert AuditEntry.objects.count() == 3
    pruning = AuditAnchor.objects.get()
    assert (pruning.last_hash, pruning.through_seq) == (rows[2].hash, rows[2].seq)
    assert verify_chain().ok
    log_event(action=Action.READ, summary="nyt opslag", citizen=citizen_ishoj)
    assert verify_chain().ok
    # The pruning left its own lines in the anchor store: what was pruned, and the new head.
    kinds = [json.loads(line)["kind"] for line in _anchor_lines()]
    assert kinds == ["prune", "anchor"]


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


# ---------------------------------------------------------------- proving itself (issue 14)


def _anchor_lines() -> list[str]:
    from django.conf import settings

    lines: list[str] = []
    for path in sorted(Path(settings.AUDIT_ANCHOR_DIR).glob("anchors-*.jsonl")):
        lines += path.read_text().splitlines()
    return lines


def _plain_rechain(rows) -> None:
    """What an attacker without the key does: change rows, then recompute every hash after them
    the way the chain used to be made (plain SHA-256), so that each row points to the last."""
    prev = None
    with trigger_off():
        for row in rows:
            if prev is not None:
                row.prev_hash = prev
            payload = json.dumps(
                [row.at.isoformat(), row.actor_username, row.summary, row.prev_hash],
                sort_keys=True,
            )
            row.hash = hashlib.sha256(payload.encode()).hexdigest()
            AuditEntry.objects.filter(pk=row.pk).update(
                summary=row.summary, prev_hash=row.prev_hash, hash=row.hash
            )
            prev = row.hash


def test_a_consistent_rewrite_without_the_key_fails_verification(citizen_ishoj, settings):
    user = UserFactory(username="skjult.bruger")
    with acting_as(user):
        for i in range(6):
            log_event(action=Action.READ, summary=f"opslag {i}", citizen=citizen_ishoj)
    assert verify_chain().ok
    rows = list(AuditEntry.objects.order_by("lane", "seq"))
    for row in rows:
        row.summary = "intet at se"
    _plain_rechain(rows)
    result = verify_chain()
    assert not result.ok
    assert result.broken.pk == rows[0].pk
    assert "skrevet uden logningens nøgle" in result.reason


def test_a_rewrite_with_another_key_fails_verification(citizen_ishoj, settings):
    rows = [
        log_event(action=Action.READ, summary=f"opslag {i}", citizen=citizen_ishoj)
        for i in range(3)
    ]
    settings.AUDIT_KEY = "en-anden-noegle-som-angriberen-har-gaettet-paa"
    assert not verify_chain().ok
    with trigger_off():  # recomputed with the wrong key: consistent, and still refused
        prev = rows[0].prev_hash
        for row in rows:
            row.prev_hash = prev
            row.hash = row.compute_hash()
            AuditEntry.objects.filter(pk=row.pk).update(prev_hash=row.prev_hash, hash=row.hash)
            prev = row.hash
    assert verify_chain().ok  # under the attacker's key it looks fine …
    settings.AUDIT_KEY = "dev-only-audit-key-do-not-use-in-production-hjemvej-9876543210"
    assert not verify_chain().ok  # … but not under the real one


def test_dumpdata_and_loaddata_keep_the_chain_whole(citizen_ishoj, tmp_path):
    for i in range(4):
        log_event(action=Action.READ, summary=f"opslag {i}", citizen=citizen_ishoj, detail={"n": i})
    log_search(criterion="Jensen", shown=[citizen_ishoj], purpose="Sagsbehandling")
    before = list(AuditEntry.objects.order_by("id").values_list("at", "hash"))
    dump = tmp_path / "audit.json"
    call_command("dumpdata", "audit.auditentry", output=str(dump), verbosity=0)
    with trigger_off():
        AuditEntry.objects.all()._raw_delete("default")
    call_command("loaddata", str(dump), verbosity=0)
    after = list(AuditEntry.objects.order_by("id").values_list("at", "hash"))
    assert after == before  # milliseconds survive the JSON round trip
    assert verify_chain().ok


def test_anchor_writes_a_signed_json_line_and_only_when_the_chain_grew(citizen_ishoj, capsys):
    row = log_event(action=Action.READ, summary="opslag", citizen=citizen_ishoj)
    call_command("audit", "anchor")
    assert "Anker skrevet: spor" in capsys.readouterr().out
    call_command("audit", "anchor")
    assert "ikke vokset" in capsys.readouterr().out
    (line,) = _anchor_lines()
    record = json.loads(line)
    assert record["kind"] == "anchor"
    assert record["heads"] == [{"lane": row.lane, "seq": row.seq, "hash": row.hash}]
    assert len(record["sig"]) == 64 and record["at_ms"] > 0


def test_deleting_the_newest_rows_after_an_anchor_is_detected_and_named(citizen_ishoj, capsys):
    rows = [
        log_event(action=Action.READ, summary=f"opslag {i}", citizen=citizen_ishoj)
        for i in range(5)
    ]
    anchor()
    with trigger_off():
        AuditEntry.objects.filter(pk__in=[rows[3].pk, rows[4].pk])._raw_delete("default")
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify")
    lane = rows[0].lane
    assert "Logposter er slettet efter ankeret fra" in str(exc.value)
    assert f"spor {lane} nr. {rows[3].seq}–{rows[4].seq} mangler" in str(exc.value)


def test_a_rewrite_with_the_key_before_an_anchor_is_caught_by_the_anchor(citizen_ishoj):
    rows = [
        log_event(action=Action.READ, summary=f"opslag {i}", citizen=citizen_ishoj)
        for i in range(3)
    ]
    anchor()
    with trigger_off():  # even with the key: the anchored head no longer matches
        prev = rows[0].prev_hash
        for row in rows:
            row.summary = "omskrevet"
            row.prev_hash = prev
            row.hash = row.compute_hash()
            AuditEntry.objects.filter(pk=row.pk).update(
                summary=row.summary, prev_hash=row.prev_hash, hash=row.hash
            )
            prev = row.hash
    result = verify_chain()
    assert not result.ok
    assert any("skrevet om efter ankeret" in p for p in result.problems)


def test_a_forged_anchor_line_is_named(citizen_ishoj):
    log_event(action=Action.READ, summary="opslag", citizen=citizen_ishoj)
    anchor()
    from django.conf import settings

    path = next(Path(settings.AUDIT_ANCHOR_DIR).glob("anchors-*.jsonl"))
    record = json.loads(path.read_text())
    record["heads"][0]["seq"] = 1
    record["at_ms"] += 1
    path.write_text(json.dumps(record) + "\n")
    result = verify_chain()
    assert not result.ok
    assert result.problems == [f"Ankerlinje 1 i {path.name} er ikke signeret med logningens nøgle."]


def test_a_deletion_dressed_up_as_a_pruning_is_refused(citizen_ishoj):
    rows = [
        log_event(action=Action.READ, summary=f"opslag {i}", citizen=citizen_ishoj)
        for i in range(4)
    ]
    with trigger_off():
        AuditEntry.objects.filter(pk__in=[rows[0].pk, rows[1].pk])._raw_delete("default")
    AuditAnchor.objects.create(  # no signature: made without the key
        lane=rows[1].lane,
        through_seq=rows[1].seq,
        pruned_through_id=rows[1].pk,
        last_hash=rows[1].hash,
        rows_deleted=2,
        cutoff=timezone.now(),
    )
    result = verify_chain()
    assert not result.ok
    assert any("ikke signeret med logningens nøgle" in p for p in result.problems)


def test_every_lane_is_verified_and_a_change_is_named_in_its_lane(citizen_ishoj):
    by_lane = {}
    for lane in (0, 3, 5):
        connection._hjemvej_audit_lane = lane
        by_lane[lane] = [
            log_event(action=Action.READ, summary=f"spor {lane} opslag {i}", citizen=citizen_ishoj)
            for i in range(3)
        ]
    assert [r.seq for r in by_lane[3]] == [1, 2, 3]
    assert {r.lane for r in by_lane[5]} == {5}
    result = verify_chain()
    assert result.ok and result.lanes == 3 and result.checked == 9
    with trigger_off():
        AuditEntry.objects.filter(pk=by_lane[3][1].pk).update(summary="ændret")
    result = verify_chain()
    assert result.broken.pk == by_lane[3][1].pk
    assert "spor 3 nr. 2" in result.problems[0]


@pytest.mark.skipif(not ON_POSTGRES, reason="Kun PostgreSQL: triggeren på logtabellen")
def test_postgres_refuses_update_and_delete_except_through_prune(citizen_ishoj):
    row = log_event(action=Action.READ, summary="opslag", citizen=citizen_ishoj)
    for attempt in (
        lambda: AuditEntry.objects.filter(pk=row.pk).update(summary="ændret"),
        lambda: AuditEntry.objects.filter(pk=row.pk)._raw_delete("default"),
    ):
        with pytest.raises(DatabaseError, match="Logposter kan ikke ændres"), transaction.atomic():
            attempt()
    assert AuditEntry.objects.get(pk=row.pk).summary == "opslag"
    with trigger_off():
        AuditEntry.objects.filter(pk=row.pk).update(
            at=timezone.now() - datetime.timedelta(days=4000)
        )
    assert prune(days=3650) == 1
    assert not AuditEntry.objects.exists()
