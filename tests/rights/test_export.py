"""Insight: the export holds everything about the citizen, in JSON and PDF, with a cover
letter; drafts and chosen notes are left out with the reason; the delivery closes the task with
the legal deadline and is logged."""

import datetime
import json
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hjemvej.audit.context import acting_as
from hjemvej.audit.models import Action, AuditEntry
from hjemvej.common.dates import add_months, add_working_days
from hjemvej.deadlines.models import Task
from hjemvej.rights import services
from hjemvej.rights.coverage import EXCLUDED, PARTS
from hjemvej.rights.export import DRAFT_REASON, OTHER_PERSON_REASON, build_export, citizen_models
from hjemvej.rights.models import InsightRequest
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_every_model_with_citizen_data_is_exported_or_excluded_with_a_reason():
    covered = {p.model for p in PARTS}
    for model in citizen_models():
        label = model._meta.label
        assert label in covered or EXCLUDED.get(label), f"{label} holds citizen data: cover it"
    assert not covered & set(EXCLUDED)


def test_export_of_a_full_case_has_rows_in_every_part(full_case):
    export = build_export(full_case.citizen, basis="Aktindsigt")
    data = json.loads(export.json_bytes())
    by_model = {s["model"]: s for s in data["sections"]}
    assert set(by_model) == {p.model for p in PARTS}
    empty = [m for m, s in by_model.items() if not s["rows"]]
    assert empty == []
    assert data["citizen"]["CPR-nummer"] == full_case.citizen.cpr
    plan = by_model["plans.Plan"]["rows"][0]
    assert "Egen bolig" in json.dumps(plan, ensure_ascii=False)
    assert "Jeg har en ugeplan" in json.dumps(plan, ensure_ascii=False)  # goals and scores below
    assert "Vejleåvej 12" in json.dumps(by_model["housing.HousingApplication"], ensure_ascii=False)


def test_who_looked_has_units_and_purposes_but_no_staff_names(full_case):
    data = build_export(full_case.citizen, basis="Aktindsigt").data
    assert data["who_looked"]
    text = json.dumps(data["who_looked"], ensure_ascii=False)
    assert full_case.caseworker.username not in text
    assert "Ishøj" in text


def test_draft_is_withheld_and_a_chosen_note_is_left_out_with_the_reason(full_case):
    export = build_export(
        full_case.citizen, basis="Aktindsigt", withheld_notes={full_case.signed.pk: "grund"}
    )
    text = export.json_bytes().decode()
    assert "Arbejdsnotat" not in text
    assert "fortalte om sin bror" not in text
    reasons = [w["Begrundelse"] for w in export.data["withheld"]]
    assert DRAFT_REASON in reasons and "grund" in reasons


def test_citizen_request_becomes_a_task_with_the_legal_deadline(citizen_ishoj):
    aktindsigt = services.do_request_insight(citizen=citizen_ishoj, basis="aktindsigt")
    gdpr = services.do_request_insight(citizen=citizen_ishoj, basis="gdpr")
    today = timezone.localdate()
    assert aktindsigt.due_on == add_working_days(today, 7)
    assert gdpr.due_on == add_months(today, 1)
    task = Task.objects.get(pk=aktindsigt.task_id)
    assert task.kind == Task.Kind.INSIGHT and task.due_on == aktindsigt.due_on
    assert task.municipality == citizen_ishoj.acting_municipality


def test_caseworker_delivers_pdf_and_json_and_the_delivery_is_logged(full_case):
    client = login(full_case.caseworker)
    page = client.get(f"/rettigheder/borger/{full_case.citizen.uuid}/")
    assert "Lav udtrækket" in page.content.decode()
    response = client.post(
        f"/rettigheder/indsigt/{full_case.insight.uuid}/udlever/",
        {"notes": [str(full_case.signed.pk)], "reason": "other_person"},
    )
    assert response.status_code == 302
    insight = InsightRequest.objects.get(pk=full_case.insight.pk)
    assert insight.delivered_at is not None
    assert Task.objects.get(pk=insight.task_id).done_on == timezone.localdate()
    assert [w["Begrundelse"] for w in insight.withheld].count(OTHER_PERSON_REASON) == 1
    assert AuditEntry.objects.filter(
        action=Action.EXPORT, citizen_uuid=full_case.citizen.uuid, object_id=str(insight.uuid)
    ).exists()
    pdf = client.get(f"/rettigheder/indsigt/{insight.uuid}/udtraek.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    body = client.get(f"/rettigheder/indsigt/{insight.uuid}/udtraek.json")
    assert json.loads(body.content)["citizen"]["Efternavn"] == full_case.citizen.last_name


def test_pdf_has_the_cover_letter_in_danish(full_case, tmp_path):
    with acting_as(full_case.caseworker):
        insight = services.do_deliver_insight(user=full_case.caseworker, request=full_case.insight)
    path = tmp_path / "udtraek.pdf"
    path.write_bytes(bytes(insight.export_pdf))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert f"Kære {full_case.citizen.first_name}" in text
    assert "Datatilsynet" in text
    assert "Vejleåvej 12" in text  # the case itself follows the letter, in Danish letters
    assert "Arbejdsnotat" not in text


def test_another_municipality_cannot_deliver(full_case, caseworker_ballerup):
    client = login(caseworker_ballerup)
    url = f"/rettigheder/indsigt/{full_case.insight.uuid}/udlever/"
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404
    assert InsightRequest.objects.get(pk=full_case.insight.pk).delivered_at is None


def test_deadline_is_at_least_seven_days_and_at_most_a_month(citizen_ishoj):
    for basis in ("aktindsigt", "gdpr"):
        r = services.do_request_insight(citizen=citizen_ishoj, basis=basis)
        assert datetime.timedelta(days=7) <= r.due_on - r.requested_on <= datetime.timedelta(31)


def test_the_insight_task_is_on_the_worklist_and_answered_by_the_export(
    citizen_ishoj, caseworker_ishoj
):
    from hjemvej.stays import services as stays_services

    request = services.do_request_insight(citizen=citizen_ishoj, basis="aktindsigt")
    client = login(caseworker_ishoj)
    assert (
        '<a href="/ophold/arbejdsliste/frister/">Åbne frister</a>'
        in client.get("/").content.decode()
    )
    page = client.get("/ophold/arbejdsliste/frister/").content.decode()
    assert "Besvar borgerens anmodning om indsigt" in page
    assert f"/rettigheder/borger/{citizen_ishoj.uuid}/" in page
    task = Task.objects.get(pk=request.task_id)
    with acting_as(caseworker_ishoj), pytest.raises(ValidationError):
        stays_services.do_complete_task(user=caseworker_ishoj, task=task)


def test_caseworker_registers_a_request_received_by_letter(citizen_ishoj, caseworker_ishoj):
    client = login(caseworker_ishoj)
    url = f"/rettigheder/borger/{citizen_ishoj.uuid}/"
    received = timezone.localdate() - datetime.timedelta(days=3)
    page = client.post(url, {"basis": "aktindsigt", "received_on": ""}).content.decode()
    assert "Skriv datoen." in page
    client.post(url, {"basis": "aktindsigt", "received_on": received.isoformat()})
    request = InsightRequest.objects.get(citizen=citizen_ishoj)
    assert not request.by_citizen and request.requested_on == received
    assert request.due_on == add_working_days(received, 7)


def test_every_app_holding_citizen_data_has_a_purpose_and_recipients_in_the_records():
    """GDPR art. 30: a new app with citizen data must say why it holds it and who receives it,
    or the generated records of processing would show blanks."""
    from hjemvej.rights.coverage import PARTS
    from hjemvej.rights.processing import PURPOSES, RECIPIENTS

    apps_with_data = {part.model.split(".")[0] for part in PARTS}
    assert apps_with_data - set(PURPOSES) == set()
    assert apps_with_data - set(RECIPIENTS) == set()
