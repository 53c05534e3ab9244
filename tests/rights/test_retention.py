"""Retention: the rules are dated data; the nightly run lists exactly what is due and nothing
held; a manager confirms; the case is archived, waits for the receipt, is deleted or
anonymised, and the audit chain still verifies."""

import datetime
import json
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hjemvej.audit.anchors import read_all
from hjemvej.audit.context import acting_as
from hjemvej.audit.models import Action, AuditEntry
from hjemvej.audit.services import verify_chain
from hjemvej.journal.models import CitizenMessage, Note
from hjemvej.meetings.models import Reminder
from hjemvej.ops import maintenance
from hjemvej.people.models import Citizen, Relationship, Relative
from hjemvej.plans.models import Plan
from hjemvej.rights import services
from hjemvej.rights.models import Category, Disposal, RetentionRule
from hjemvej.rights.retention import DEFAULTS, Rule, case_expires_on, expires_on, rule_in_force
from hjemvej.stays.models import Stay
from tests.conftest import login
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LATER = TODAY.replace(year=TODAY.year + 6)  # the day of the run: six years on


# ---------------------------------------------------------------- the rules as data


def test_the_newest_started_rule_is_in_force():
    new = Rule("case", 36, 0, True, datetime.date(2027, 1, 1))
    rules = [*DEFAULTS, new]
    assert rule_in_force(rules, "case", datetime.date(2026, 12, 31)).months == 60
    assert rule_in_force(rules, "case", datetime.date(2027, 1, 1)) == new
    assert rule_in_force(rules, "case", datetime.date(2025, 12, 31)) is None


def test_five_years_after_the_last_activity_on_a_leap_day():
    rule = rule_in_force(DEFAULTS, "case", datetime.date(2026, 6, 1))
    assert expires_on(datetime.date(2028, 2, 29), rule) == datetime.date(2033, 2, 28)
    reminders = rule_in_force(DEFAULTS, "reminders", datetime.date(2026, 6, 1))
    assert expires_on(datetime.date(2026, 6, 1), reminders) == datetime.date(2026, 8, 30)


def test_a_case_goes_with_its_journal_when_the_later_rule_allows():
    rules = [*DEFAULTS, Rule("journal", 72, 0, False, datetime.date(2026, 6, 1))]
    assert case_expires_on(datetime.date(2026, 7, 1), rules, datetime.date(2026, 7, 1)) == (
        datetime.date(2032, 7, 1)
    )


def test_administrator_adds_a_rule_from_a_date_with_a_reason(admin_user, caseworker_ishoj):
    client = login(admin_user)
    soon = TODAY + datetime.timedelta(days=10)
    response = client.post(
        "/rettigheder/opbevaring/",
        {"category": "reminders", "months": 0, "days": 60, "valid_from": soon, "reason": ""},
    )
    assert "Skriv begrundelsen for ændringen." in response.content.decode()
    client.post(
        "/rettigheder/opbevaring/",
        {"category": "reminders", "months": 0, "days": 60, "valid_from": soon, "reason": "DPO"},
    )
    assert RetentionRule.objects.filter(category="reminders", days=60, valid_from=soon).exists()
    assert RetentionRule.objects.filter(category="reminders", days=90).exists()  # kept
    with pytest.raises(ValidationError):
        services.do_add_retention_rule(
            user=admin_user,
            category="exports",
            months=0,
            days=10,
            archive=False,
            valid_from=TODAY - datetime.timedelta(days=1),
            reason="Bagud",
        )
    with pytest.raises(PermissionDenied):
        services.do_add_retention_rule(
            user=caseworker_ishoj,
            category="exports",
            months=0,
            days=10,
            archive=False,
            valid_from=soon,
            reason="x",
        )


# ---------------------------------------------------------------- the run


def _close_ties(citizen, on):
    Relationship.objects.filter(citizen=citizen).update(ended_on=on)
    Stay.objects.filter(citizen=citizen).update(ended_on=on)


@pytest.fixture
def three_cases(full_case, ishoj, caseworker_ishoj, settings, tmp_path):
    """Jørgen's full case (due), a held case (due but held), a case with later activity."""
    settings.ARCHIVE_DIR = str(tmp_path / "arkiv")
    with acting_as(caseworker_ishoj):
        services.do_deliver_insight(user=caseworker_ishoj, request=full_case.insight)
    _close_ties(full_case.citizen, TODAY)
    held = CitizenFactory(acting_municipality=ishoj, first_name="Held", last_name="Holdt")
    Relative.objects.create(citizen=held, name="Bror", role="sibling")
    with acting_as(caseworker_ishoj):
        services.do_place_hold(user=caseworker_ishoj, citizen=held, reason="Sag ved domstolene")
    recent = CitizenFactory(acting_municipality=ishoj, first_name="Ny", last_name="Nyere")
    Relationship.objects.create(
        citizen=recent,
        unit=caseworker_ishoj.memberships.first().unit,
        kind="contact",
        started_on=TODAY,
        ended_on=TODAY.replace(year=TODAY.year + 2),
    )
    return full_case, held, recent


def test_run_lists_exactly_what_is_due_and_nothing_held(three_cases):
    full, held, recent = three_cases
    counts = services.review_retention(today=LATER)
    listed = Disposal.objects.filter(category=Category.CASE)
    assert {(d.citizen_id, d.status) for d in listed} == {
        (full.citizen.pk, Disposal.Status.LISTED),
        (held.pk, Disposal.Status.HELD),
    }
    assert counts["listed"] >= 1 and counts["held"] == 1
    services.review_retention(today=LATER)  # a second night lists nothing twice
    assert Disposal.objects.filter(category=Category.CASE).count() == 2


def test_nothing_is_due_before_its_time(three_cases):
    services.review_retention(today=TODAY + datetime.timedelta(days=365))
    assert not Disposal.objects.filter(category=Category.CASE).exists()


def test_confirmed_case_is_archived_then_deleted_after_the_receipt_and_chain_verifies(
    three_cases, manager_ishoj, caseworker_ishoj
):
    full, held, recent = three_cases
    citizen = full.citizen
    stays_before = Stay.objects.filter(citizen=citizen).count()
    services.review_retention(today=LATER)
    disposal = Disposal.objects.get(citizen=citizen)
    with pytest.raises(PermissionDenied):
        services.do_confirm_disposal(user=caseworker_ishoj, disposal=disposal)

    with acting_as(manager_ishoj):
        disposal = services.do_confirm_disposal(user=manager_ishoj, disposal=disposal)
    assert disposal.status == Disposal.Status.ARCHIVING
    package = Path(disposal.archive_package)
    archived = (package / "sag.pdf").read_bytes()
    assert archived.startswith(b"%PDF")
    # PDF/A-2b: the XMP identification and the sRGB output intent (Ghostscript's conversion).
    assert b"pdfaid:part='2'" in archived or b'pdfaid:part="2"' in archived
    assert b"/OutputIntents" in archived and b"GTS_PDFA1" in archived
    text = subprocess.run(
        ["pdftotext", str(package / "sag.pdf"), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert citizen.last_name in text  # the case itself, read back from the PDF/A
    meta = json.loads((package / "metadata.json").read_text())
    assert meta["citizen"]["cpr"] == citizen.cpr
    assert Note.objects.filter(citizen=citizen).exists()  # waits for the receipt
    with acting_as(manager_ishoj), pytest.raises(ValidationError):
        services.do_confirm_disposal(user=manager_ishoj, disposal=disposal)

    (package / "kvittering.json").write_text('{"arkiv": "Stadsarkivet", "id": "A-1"}')
    services.review_retention(today=LATER)  # the nightly run finishes it

    disposal.refresh_from_db()
    assert disposal.status == Disposal.Status.DONE
    assert disposal.result["receipt"]["id"] == "A-1"
    anonymised = Citizen.objects.get(pk=citizen.pk)
    assert anonymised.first_name == "Anonymiseret" and anonymised.cpr != citizen.cpr
    assert anonymised.phone == "" and anonymised.birth_date.year == citizen.birth_date.year
    for model in (Note, Relative, CitizenMessage, Plan, Reminder):
        assert not model.objects.filter(citizen=citizen).exists(), model
    assert Stay.objects.filter(citizen=citizen).count() == stays_before  # counts survive
    # The held and the recent case are untouched.
    assert Citizen.objects.get(pk=held.pk).first_name == "Held"
    assert Relative.objects.filter(citizen=held).exists()
    assert Citizen.objects.get(pk=recent.pk).first_name == "Ny"
    deletion = AuditEntry.objects.get(action=Action.DELETE, object_id=str(disposal.uuid))
    assert deletion.citizen_uuid == citizen.uuid
    assert verify_chain().ok


def test_a_lifted_hold_lets_the_case_back_on_the_list(three_cases, caseworker_ishoj):
    full, held, recent = three_cases
    services.review_retention(today=LATER)
    hold = held.legal_holds.get(lifted_at__isnull=True)
    with acting_as(caseworker_ishoj):
        services.do_lift_hold(user=caseworker_ishoj, hold=hold, reason="Dommen er afsagt")
    services.review_retention(today=LATER)
    assert Disposal.objects.get(citizen=held).status == Disposal.Status.LISTED


def test_a_hold_placed_after_listing_stops_the_deletion(three_cases, manager_ishoj):
    full, held, recent = three_cases
    services.review_retention(today=LATER)
    disposal = Disposal.objects.get(citizen=full.citizen)
    with acting_as(manager_ishoj):
        services.do_place_hold(user=manager_ishoj, citizen=full.citizen, reason="Ny klage")
        with pytest.raises(ValidationError):
            services.do_confirm_disposal(user=manager_ishoj, disposal=disposal)
    assert Note.objects.filter(citizen=full.citizen).exists()
    assert Disposal.objects.get(pk=disposal.pk).status == Disposal.Status.HELD


def test_a_new_request_for_insight_takes_a_listed_case_off_the_list(three_cases, manager_ishoj):
    full, held, recent = three_cases
    services.review_retention(today=LATER)
    disposal = Disposal.objects.get(citizen=full.citizen)
    assert disposal.status == Disposal.Status.LISTED
    services.do_request_insight(citizen=full.citizen, basis="gdpr")
    services.review_retention(today=LATER)
    assert Disposal.objects.get(pk=disposal.pk).status == Disposal.Status.HELD
    with acting_as(manager_ishoj), pytest.raises(ValidationError):
        services.do_confirm_disposal(user=manager_ishoj, disposal=disposal)
    assert Note.objects.filter(citizen=full.citizen).exists()


def test_old_reminder_texts_are_listed_and_deleted_when_an_administrator_confirms(
    full_case, admin_user, manager_ishoj, django_capture_on_commit_callbacks
):
    reminder = Reminder.objects.filter(citizen=full_case.citizen).first()
    Reminder.objects.filter(pk=reminder.pk).update(
        status=Reminder.Status.SENT,
        send_at=timezone.now() - datetime.timedelta(days=100),
        sent_at=timezone.now() - datetime.timedelta(days=100),
    )
    pending = Reminder.objects.exclude(pk=reminder.pk).filter(status=Reminder.Status.PENDING)
    pending_before = pending.count()
    services.review_retention(today=TODAY)
    disposal = Disposal.objects.get(category=Category.REMINDERS)
    assert disposal.count == 1
    with pytest.raises(PermissionDenied):
        services.do_confirm_disposal(user=manager_ishoj, disposal=disposal)
    client = login(admin_user)
    assert "Mødepåmindelser" in client.get("/rettigheder/sletning/").content.decode()
    anchors_before = len(read_all())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/rettigheder/sletning/{disposal.uuid}/bekraeft/")
    assert not Reminder.objects.filter(pk=reminder.pk).exists()
    deletion = AuditEntry.objects.get(action=Action.DELETE, object_id=str(disposal.uuid))
    newest = read_all()[-1]
    assert len(read_all()) == anchors_before + 1
    assert any(h.lane == deletion.lane and h.seq >= deletion.seq for h in newest.heads)
    assert pending.count() == pending_before
    assert verify_chain().ok


def test_the_deletion_list_has_a_fixed_number_of_queries(manager_ishoj, ishoj):
    client = login(manager_ishoj)
    for _ in range(3):
        Disposal.objects.create(
            category="case", citizen=CitizenFactory(acting_municipality=ishoj), due_on=TODAY
        )
    client.get("/rettigheder/sletning/")
    with CaptureQueriesContext(connection) as few:
        client.get("/rettigheder/sletning/")
    for _ in range(20):
        Disposal.objects.create(
            category="case", citizen=CitizenFactory(acting_municipality=ishoj), due_on=TODAY
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get("/rettigheder/sletning/").content.decode()
    assert page.count("Bekræft sletning") == 23
    assert len(many) == len(few)


def test_maintenance_schedule_runs_the_retention_review(db):
    assert "retention" in [job.name for job in maintenance.JOBS]
    done = maintenance.run_due(worker="test")
    assert "til sletning" in done["retention"]
