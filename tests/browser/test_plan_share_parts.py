"""§141 in the browser: the caseworker shares one goal of the action plan with the shelter
(the Danish error first, when nothing is chosen), and the shelter worker reads only that goal;
axe finds no WCAG violations on either page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hjemvej.plans import rules, services
from hjemvej.plans.models import Plan
from tests.browser.conftest import assert_accessible, log_in
from tests.factories import RelationshipFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_caseworker_shares_one_goal_and_the_shelter_worker_reads_only_it(
    page, caseworker_ishoj, shelter_worker_ishoj, ishoj_authority, ishoj_shelter_unit, citizen_ishoj
):
    RelationshipFactory(citizen=citizen_ishoj, unit=ishoj_shelter_unit)
    plan = services.do_create_plan(
        user=caseworker_ishoj,
        citizen=citizen_ishoj,
        kind=Plan.Kind.ACTION_141,
        unit=ishoj_authority,
        starts_on=rules.add_months(timezone.localdate(), -1),
        purpose="Ro på økonomien hos kommunen",
    )
    for title in ("Jeg vil lave mad selv", "Afdrag på gælden"):
        services.do_add_goal(user=caseworker_ishoj, plan=plan, kind="citizen", title=title)
    url = f"/planer/{citizen_ishoj.uuid}/plan/{plan.uuid}/"

    log_in(page, "sagsbehandler.ishoj")
    page.goto(url)
    page.get_by_role("button", name="Del de valgte dele").click()
    expect(page.get_by_text("Vælg formålet eller mindst ét mål, der skal deles.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("checkbox", name="Jeg vil lave mad selv").check()
    page.get_by_label("Bemærkning til tilbuddet").fill("Madlavningen er det vigtigste")
    page.get_by_role("button", name="Del de valgte dele").click()
    expect(page.get_by_text("De valgte dele af planen er delt med")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, "herberg.ishoj")
    page.goto(url)
    expect(page.get_by_role("heading", name="Jeg vil lave mad selv")).to_be_visible()
    expect(page.get_by_text("Madlavningen er det vigtigste")).to_be_visible()
    assert "Afdrag på gælden" not in page.content()
    assert "Ro på økonomien" not in page.content()
    assert_accessible(page)
