"""The plan as a PDF: plain Danish with æ, ø and å read back by pdftotext, first page as PNG."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from hjemvej.audit.models import AuditEntry
from hjemvej.plans import rules, services
from hjemvej.plans.models import Goal
from tests.plans.conftest import smart_goal

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_plan_pdf_reads_back_in_danish_with_chart_and_first_page_png(
    action_plan, caseworker_ishoj, as_user, tmp_path
):
    if not shutil.which("pdftotext") or not shutil.which("pdftoppm"):
        pytest.fail("poppler-utils mangler: kør 'make setup'.")
    services.do_add_goal(
        user=caseworker_ishoj,
        plan=action_plan,
        kind=Goal.Kind.CITIZEN,
        title="Jeg vil gå tur med min hund ved Køge Bugt hver søndag",
    )
    goal = smart_goal(caseworker_ishoj, action_plan)
    sg = services.do_add_sub_goal(
        user=caseworker_ishoj,
        goal=goal,
        text="Jeg har en ugeplan",
        responsible="Borgeren og kontaktpersonen",
        follow_up_on=rules.add_months(action_plan.starts_on, 1),
    )
    services.do_record_score(
        user=caseworker_ishoj, sub_goal=sg, scored_on=action_plan.starts_on, value=3
    )
    services.do_record_score(
        user=caseworker_ishoj,
        sub_goal=sg,
        scored_on=rules.add_months(action_plan.starts_on, 1),
        value=1,
    )

    response = as_user(caseworker_ishoj).get(
        reverse("plans:plan_pdf", args=[action_plan.citizen.uuid, action_plan.uuid])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(response.content)

    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Handleplan (§141) for Jørgen Østergaard" in text
    assert "At Jørgen får sin egen bolig på Østergården" in text
    assert "Jeg vil gå tur med min hund ved Køge Bugt hver søndag" in text
    assert "Jeg klarer selv madlavning, indkøb, tøjvask og rengøring" in text
    assert "Dine ønsker og drømme – med dine egne ord" in text
    assert "Sådan går det" in text
    assert "3 – Svært problem" in text and "1 – Let problem" in text
    assert "Delmål: Jeg har en ugeplan" in text  # the chart's legend

    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(ARTIFACTS / "plan-pdf-side-1"),
        ],
        check=True,
    )
    assert (ARTIFACTS / "plan-pdf-side-1.png").stat().st_size > 10_000
    assert AuditEntry.objects.filter(action="export", object_id=str(action_plan.uuid)).exists()
