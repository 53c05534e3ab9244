"""The Housing First cohort in the browser (issue 15 item 3): the group's worker creates a
cohort, admits five participants, a sixth is refused with the reason, and a relapse makes a
conversation task at once; axe finds nothing on the way."""

import datetime

import pytest
from playwright.sync_api import expect

from hjemvej.courses.models import Cohort, CohortMember
from hjemvej.deadlines.models import Task
from tests.browser.conftest import assert_accessible, log_in
from tests.courses.cohort_helpers import candidate, housing_first

pytestmark = pytest.mark.django_db(transaction=True)


def test_create_cohort_admit_five_sixth_refused_relapse_makes_a_task(
    page, ballerup, caseworker_ballerup, ballerup_authority
):
    offer, staff = housing_first(ballerup)
    people = [
        candidate(offer, caseworker_ballerup, ballerup_authority, level=2, n=n) for n in range(6)
    ]
    today = datetime.date.today()
    log_in(page, staff.username)
    page.goto(f"/tilbud/{offer.uuid}/")
    page.get_by_role("link", name="Grupper", exact=True).click()
    expect(page.get_by_role("heading", name="Grupper: Housing First-gruppen")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Opret gruppe").click()
    page.get_by_role("button", name="Opret gruppe").click()
    expect(page.get_by_text("Der er fejl i formularen")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Gruppens navn").fill("Egebjerg 1")
    page.get_by_label("Start", exact=True).fill((today + datetime.timedelta(days=7)).isoformat())
    page.get_by_label("ADL-kursus fra").fill((today + datetime.timedelta(days=14)).isoformat())
    page.get_by_label("ADL-kursus til").fill((today + datetime.timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Opret gruppe").click()
    expect(page.get_by_role("heading", name="Egebjerg 1", level=1)).to_be_visible()
    expect(page.get_by_text("Under 4 deltagere")).to_be_visible()
    assert_accessible(page)

    for person in people[:5]:
        page.get_by_label("Borger (bevilget til tilbuddet)").select_option(
            label=f"{person.full_name} (mand, niveau 2)"
        )
        page.get_by_role("button", name="Optag i gruppen").click()
        expect(page.get_by_text(f"{person.full_name} er optaget i Egebjerg 1")).to_be_visible()
    expect(page.get_by_text("5 af 5 optaget")).to_be_visible()
    expect(page.get_by_text("Under 4 deltagere")).not_to_be_visible()
    assert_accessible(page)

    # The sixth has an approved referral too, but there is no home for a sixth participant.
    page.get_by_label("Borger (bevilget til tilbuddet)").select_option(
        label=f"{people[5].full_name} (mand, niveau 2)"
    )
    page.get_by_role("button", name="Optag i gruppen").click()
    expect(page.get_by_text("Der er fejl i formularen")).to_be_visible()
    expect(page.get_by_text("Alle 5 pladser (boliger) i gruppen er optaget.").first).to_be_visible()
    assert_accessible(page)
    cohort = Cohort.objects.get(name="Egebjerg 1")
    assert CohortMember.objects.filter(cohort=cohort).count() == 5

    first = people[0]
    page.goto(f"/forloeb/grupper/{cohort.uuid}/")
    page.get_by_role("link", name=f"Tilbagefald for {first.full_name}").click()
    assert_accessible(page)
    page.get_by_label("Bemærkning").fill("Tilbagefald til kokain")
    page.get_by_role("button", name="Registrér tilbagefald").click()
    expect(page.get_by_text("Tilbagefaldet er registreret. Hold samtalen i dag")).to_be_visible()
    task = Task.objects.get(citizen=first, kind=Task.Kind.RELAPSE_CONVERSATION)
    assert task.due_on == today and task.done_on is None
    assert_accessible(page)


def test_adl_attendance_on_the_cohort_page_and_the_participants_course(
    page, ballerup, caseworker_ballerup, ballerup_authority
):
    """Issue 15 gap: the ADL course's attendance per participant, recorded on the cohort page
    and shown there and on the participant's course; axe finds nothing."""
    from hjemvej.audit.context import acting_as
    from hjemvej.courses import services
    from tests.courses.cohort_helpers import cohort

    offer, staff = housing_first(ballerup)
    today = datetime.date.today()
    c = cohort(offer, staff, name="Klakkebjerg 1", starts_on=today - datetime.timedelta(days=30))
    person = candidate(offer, caseworker_ballerup, ballerup_authority, level=2)
    with acting_as(staff):
        services.do_admit_to_cohort(user=staff, cohort=c, citizen=person, on=c.starts_on)
    log_in(page, staff.username)
    page.goto(f"/forloeb/grupper/{c.uuid}/")
    expect(page.get_by_role("cell", name="Ikke registreret Registrér fremmøde")).to_be_visible()
    page.get_by_role("link", name=f"Registrér fremmøde for {person.full_name}").click()
    expect(page.get_by_role("heading", name=f"ADL-kursus: {person.full_name}")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Rengøring").check()
    page.get_by_label("Økonomi").check()
    page.get_by_role("button", name="Registrér fremmøde").click()
    expect(page.get_by_text("Fremmødet på ADL-kurset er registreret")).to_be_visible()
    expect(page.get_by_text("Deltog i 2 af 7 emner")).to_be_visible()
    expect(page.get_by_text("Tøjvask: deltog ikke")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"Forløb for {person.full_name}").click()
    expect(page.get_by_role("heading", name="Obligatorisk ADL-kursus")).to_be_visible()
    expect(page.get_by_text("Økonomi: deltog", exact=True)).to_be_visible()
    assert_accessible(page)
