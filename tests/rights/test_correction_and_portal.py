"""The citizen asks on Mine sider for insight and for a correction; the caseworker answers: a
fact is corrected with its old value kept, a signed note gets a new signed note pointing at it,
a rejection needs a reason. Also the records of processing and the rights pages' walls."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hjemvej.audit.context import acting_as
from hjemvej.audit.models import Action, AuditEntry
from hjemvej.deadlines.models import Task
from hjemvej.journal import services as journal
from hjemvej.journal.models import Note
from hjemvej.people.models import Citizen
from hjemvej.rights import services
from hjemvej.rights.coverage import PARTS
from hjemvej.rights.models import CorrectionRequest, InsightRequest
from tests.conftest import login
from tests.portal.conftest import citizen_client

pytestmark = pytest.mark.django_db


def test_citizen_asks_for_insight_on_mine_sider(citizen_ishoj):
    client = citizen_client(citizen_ishoj, "borger1")
    page = client.get("/mine-sider/indsigt/").content.decode()
    assert "Se alt, vi har om dig" in page
    response = client.post("/mine-sider/indsigt/", {"basis": "gdpr", "note": "Alt om bolig"})
    assert response.status_code == 302
    request = InsightRequest.objects.get(citizen=citizen_ishoj)
    assert request.basis == "gdpr" and request.by_citizen
    assert Task.objects.filter(pk=request.task_id, kind=Task.Kind.INSIGHT).exists()
    page = client.get("/mine-sider/indsigt/").content.decode()
    assert f"Du får svar senest {request.due_on:%d.%m.%Y}" in page


def test_citizen_must_write_what_is_wrong(citizen_ishoj):
    client = citizen_client(citizen_ishoj, "borger1")
    page = client.post("/mine-sider/rettelse/", {"text": ""}).content.decode()
    assert "Skriv, hvad der er forkert, og hvad der skal stå." in page
    client.post("/mine-sider/rettelse/", {"text": "Mit telefonnummer er 11223344"})
    assert CorrectionRequest.objects.filter(citizen=citizen_ishoj).count() == 1


def test_accepted_correction_keeps_the_old_value_and_is_logged(citizen_ishoj, caseworker_ishoj):
    old_phone = citizen_ishoj.phone
    correction = services.do_request_correction(citizen=citizen_ishoj, text="Forkert telefon")
    client = login(caseworker_ishoj)
    response = client.post(
        f"/rettigheder/rettelse/{correction.uuid}/",
        {"decision": "accept", "answer": "Rettet", "phone": "11223344"},
    )
    assert response.status_code == 302
    correction.refresh_from_db()
    assert correction.status == "accepted"
    assert correction.changes == {"phone": {"før": old_phone, "efter": "11223344"}}
    assert Citizen.objects.get(pk=citizen_ishoj.pk).phone == "11223344"
    assert AuditEntry.objects.filter(
        action=Action.CHANGE, object_id=str(correction.uuid), citizen_uuid=citizen_ishoj.uuid
    ).exists()


def test_a_signed_note_is_corrected_by_a_new_note_pointing_at_it(
    citizen_ishoj, caseworker_ishoj, ishoj_authority
):
    with acting_as(caseworker_ishoj):
        note = journal.do_write_note(
            user=caseworker_ishoj,
            citizen=citizen_ishoj,
            unit=ishoj_authority,
            kind="contact",
            text="Borgeren bor hos sin søster.",
            occurred_on=timezone.localdate(),
            sign=True,
        )
    correction = services.do_request_correction(citizen=citizen_ishoj, text="Det er min bror")
    client = login(caseworker_ishoj)
    client.post(
        f"/rettigheder/rettelse/{correction.uuid}/",
        {
            "decision": "accept",
            "note": str(note.uuid),
            "note_text": "Rettelse: borgeren bor hos sin bror.",
        },
    )
    correction.refresh_from_db()
    new = correction.correcting_note
    assert new is not None and new.corrects_id == note.pk and new.is_signed
    assert Note.objects.get(pk=note.pk).text == "Borgeren bor hos sin søster."


def test_rejection_needs_a_reason(citizen_ishoj, caseworker_ishoj):
    correction = services.do_request_correction(citizen=citizen_ishoj, text="Slet alt om mig")
    client = login(caseworker_ishoj)
    page = client.post(f"/rettigheder/rettelse/{correction.uuid}/", {"decision": "reject"})
    assert "Skriv begrundelsen for afslaget." in page.content.decode()
    with pytest.raises(ValidationError):
        services.do_answer_correction(
            user=caseworker_ishoj, correction=correction, accept=False, answer=""
        )
    client.post(
        f"/rettigheder/rettelse/{correction.uuid}/",
        {"decision": "reject", "answer": "Oplysningerne er nødvendige for sagen."},
    )
    correction.refresh_from_db()
    assert correction.status == "rejected"
    jorgen = citizen_client(citizen_ishoj, "borger1")
    assert (
        "Oplysningerne er nødvendige for sagen."
        in jorgen.get("/mine-sider/rettelse/").content.decode()
    )


def test_other_municipality_and_offer_staff_do_not_reach_the_rights_page(
    citizen_ishoj, caseworker_ballerup, analyst_ishoj
):
    for user in (caseworker_ballerup, analyst_ishoj):
        assert login(user).get(f"/rettigheder/borger/{citizen_ishoj.uuid}/").status_code == 404


def test_records_of_processing_list_every_part_with_retention(manager_ishoj, caseworker_ishoj):
    client = login(manager_ishoj)
    page = client.get("/rettigheder/fortegnelse/").content.decode()
    for part in PARTS:
        assert part.title in page
    assert "5 år efter sagens sidste aktivitet" in page
    assert "Danmarks Statistik" in page
    pdf = client.get("/rettigheder/fortegnelse.pdf")
    assert pdf.content.startswith(b"%PDF")
    assert login(caseworker_ishoj).get("/rettigheder/fortegnelse/").status_code == 404
