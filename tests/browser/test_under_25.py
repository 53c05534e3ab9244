"""Issue 15, item 1 in the browser: a 22-year-old arrives at the Ishøj shelter and is admitted
like anyone else; the caseworker finds the task to offer an alternative on the worklist,
records the alternative offered and the answer, and the task is closed – axe on every page."""

import datetime

import pytest
from playwright.sync_api import expect

from hjemvej.deadlines.models import Task
from hjemvej.offers.catalogue import OFFERS, ensure_offer
from hjemvej.stays.models import YouthAlternative
from tests.browser.conftest import assert_accessible, log_in, screenshot
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db(transaction=True)

FACTS = {
    "Har borgeren et aktivt misbrug af rusmidler?": "no",
    "Har borgeren en ubehandlet psykisk sygdom?": "no",
    "Har borgeren behov for fysisk pleje (§83)?": "no",
}


def test_a_22_year_old_is_admitted_and_the_caseworker_records_the_alternative(
    page, shelter_worker_ishoj, caseworker_ishoj, ishoj_shelter_unit, ishoj
):
    ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])
    today = datetime.date.today()
    young = CitizenFactory(
        acting_municipality=ishoj,
        first_name="Mikkel",
        last_name="Holm",
        birth_date=datetime.date(today.year - 22, 1, 1) - datetime.timedelta(days=1),
    )

    # The shelter worker registers the arrival: no question about an alternative first.
    log_in(page, "herberg.ishoj")
    page.get_by_role("link", name="Belægning").first.click()
    page.get_by_role("link", name="Registrér ankomst").click()
    page.get_by_label("CPR-nummer").fill(young.cpr)
    expect(page.get_by_text("alternativ til herberget")).to_have_count(0)
    for question, value in FACTS.items():
        page.get_by_label(question).select_option(value)
    assert_accessible(page)
    page.get_by_role("button", name="Optag borgeren").click()
    expect(
        page.get_by_text("Mikkel Holm er optaget på De fleksible afklaringspladser")
    ).to_be_visible()
    page.get_by_role("button", name="Log af").click()
    page.wait_for_url("**/log-ind/**")

    # The caseworker has the task on the worklist, with its deadline.
    task = Task.objects.get(citizen=young, kind=Task.Kind.YOUTH_ALTERNATIVE)
    log_in(page, "sagsbehandler.ishoj")
    page.get_by_role("link", name="Åbne frister").click()
    expect(page.get_by_role("heading", name="Åbne frister")).to_be_visible()
    row = page.get_by_role("row").filter(
        has_text="Tilbyd et alternativ til herberget (borger under 25 år)"
    )
    expect(row.get_by_text(task.due_on.strftime("%d.%m.%Y"))).to_be_visible()
    assert_accessible(page)
    row.get_by_role("link", name="Registrér alternativ").click()
    expect(page.get_by_role("heading", name="Alternativ til herberget")).to_be_visible()

    # A missing answer is named next to the field, in Danish.
    page.get_by_label("Tilbudt alternativ").select_option(label="Ungebolig (§107)")
    page.get_by_role("button", name="Registrér alternativ og svar").click()
    expect(
        page.get_by_text("Vælg om borgeren tog imod alternativet eller sagde nej tak.").first
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Tilbudt alternativ").select_option(label="Ungebolig (§107)")
    page.get_by_label("Beskrivelse af alternativet").fill("Ungeboligen i Ballerup")
    page.get_by_label("Sagde nej tak").check()
    page.get_by_role("button", name="Registrér alternativ og svar").click()
    expect(
        page.get_by_text("Alternativet er registreret, og opgaven for Mikkel Holm er lukket.")
    ).to_be_visible()
    expect(page.get_by_text("Ungebolig (§107): sagde nej tak", exact=False).first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "under-25-alternativ")

    task.refresh_from_db()
    assert task.done_on == today and task.done_by == caseworker_ishoj
    record = YouthAlternative.objects.get(stay__citizen=young)
    assert (record.alternative, record.answer) == ("youth_housing", "declined")
    # Closed: gone from the worklist.
    page.get_by_role("link", name="Forside").click()
    expect(
        page.get_by_text("Tilbyd et alternativ til herberget (borger under 25 år)")
    ).to_have_count(0)
