"""A caseworker writes a plan with the citizen's own goal and a SMART goal, scores a sub-goal
and sees the chart; axe finds no WCAG violations on the way."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hjemvej.plans.models import Goal, Score
from tests.browser.conftest import assert_accessible, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_caseworker_writes_plan_scores_sub_goal_and_sees_chart(
    page, caseworker_ishoj, ishoj_authority, citizen_ishoj
):
    today = timezone.localdate()
    log_in(page, "sagsbehandler.ishoj")
    page.goto(f"/borgere/{citizen_ishoj.uuid}/")
    page.get_by_role("link", name="Planer", exact=True).click()
    page.get_by_role("link", name="Planer, udredninger og progression").click()
    expect(page.get_by_role("heading", name="Planer, udredninger og progression")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Ny plan").click()
    page.get_by_label("Plantype").select_option(label="Handleplan (§141)")
    page.get_by_label("Gælder fra").fill(today.isoformat())
    page.get_by_label("Formål med planen").fill("At Jørgen kommer i egen bolig med støtte")
    page.get_by_label("Borgerens egne ønsker og drømme").fill("Jeg vil bo tæt på min søster")
    assert_accessible(page)
    page.get_by_role("button", name="Opret plan").click()
    expect(page.get_by_role("heading", name="Handleplan (§141)", level=1)).to_be_visible()

    page.get_by_role("link", name="Tilføj borgerens eget mål").click()
    page.get_by_label("Borgerens mål – med borgerens egne ord").fill(
        "Jeg vil have min egen lejlighed med plads til min hund"
    )
    page.get_by_role("button", name="Tilføj mål").click()
    expect(page.get_by_role("heading", name="Jeg vil have min egen lejlighed")).to_be_visible()

    page.get_by_role("link", name="Tilføj indsatsmål").click()
    page.get_by_role("button", name="Tilføj mål").click()  # empty: the Danish errors show
    expect(page.get_by_text("Udfyld denne del af SMART-målet.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Indsatsmål").fill("Jeg klarer selv madlavning, indkøb, tøjvask og rengøring")
    page.get_by_label("Hvem foreslog målet").select_option(label="Borgeren")
    page.get_by_label("Specifikt").fill("Laver mad, køber ind, vasker tøj og gør rent selv")
    page.get_by_label("Målbart").fill("Følger ugeplanen fire uger i træk")
    page.get_by_label("Attraktivt").fill("Vil kunne bo i egen bolig")
    page.get_by_label("Realistisk").fill("Har klaret det før")
    page.get_by_label("Tidsbestemt").fill((today + datetime.timedelta(days=365)).isoformat())
    page.get_by_label("Måltype (FFB)").select_option(label="Udvikle funktionsevne")
    page.get_by_label("Søg efter tema").fill("praktiske")
    page.get_by_label("Praktiske opgaver", exact=True).first.check()
    page.get_by_role("button", name="Tilføj mål").click()
    expect(page.get_by_role("heading", name="Jeg klarer selv madlavning")).to_be_visible()

    page.get_by_role("link", name="Tilføj delmål til Jeg klarer selv madlavning").click()
    page.get_by_label("Delmålet", exact=True).fill("Jeg har en ugeplan")
    page.get_by_label("Hvem er ansvarlig").fill("Borgeren og kontaktpersonen")
    page.get_by_label("Første opfølgning").fill((today + datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Tilføj delmål").click()

    page.get_by_role("link", name="Score delmålet Jeg har en ugeplan").click()
    page.get_by_label("Score (0–4)").select_option(label="3 – Svært problem")
    assert_accessible(page)
    page.get_by_role("button", name="Gem score").click()

    chart = page.get_by_role("img", name="Delmål: score over tid")
    expect(chart).to_be_visible()
    expect(page.get_by_text("Delmål: Jeg har en ugeplan").first).to_be_visible()
    page.get_by_text("Vis scorerne som tabel").first.click()
    expect(page.get_by_role("cell", name="3 – Svært problem (baseline)").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "plan-med-graf")

    goal = Goal.objects.get(kind="professional")
    assert goal.proposed_by == "citizen"
    assert Score.objects.get(sub_goal__goal=goal).value == 3


def test_assessment_form_comparison_and_offer_progress_pass_axe(
    page, caseworker_ishoj, ishoj_authority, citizen_ishoj
):
    from hjemvej.plans import rules, services
    from hjemvej.plans.models import Term

    today = timezone.localdate()
    theme = Term.objects.get(vocabulary="theme", display="Praktiske opgaver")
    for months, rank in ((-6, 3), (0, 1)):
        services.do_create_assessment(
            user=caseworker_ishoj,
            citizen=citizen_ishoj,
            unit=ishoj_authority,
            assessed_on=rules.add_months(today, months),
            themes=[
                {
                    "theme": theme,
                    "citizen_view": "Jeg kan godt",
                    "level": Term.objects.get(vocabulary="functional_level", rank=rank),
                }
            ],
        )
    log_in(page, "sagsbehandler.ishoj")
    page.goto(f"/planer/{citizen_ishoj.uuid}/")
    expect(page.get_by_role("img", name="Funktionsevneniveau pr. tema")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Sammenlign de to seneste udredninger").click()
    expect(page.get_by_role("cell", name="-2 (bedre)")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/planer/{citizen_ishoj.uuid}/udredning/ny/")
    expect(page.get_by_label("Praktiske opgaver: funktionsevneniveau")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="Hovedmenu").get_by_text("Mere").click()
    page.get_by_role("link", name="Progression").click()
    expect(page.get_by_role("heading", name="Progression pr. tilbud")).to_be_visible()
    assert_accessible(page)
