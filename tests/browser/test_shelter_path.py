"""A shelter worker and a caseworker walk the shelter path in the browser: arrival, room,
notification, waiting list, discharge to own home – with axe on every page."""

import datetime

import pytest
from playwright.sync_api import expect

from hjemvej.deadlines.models import Task
from hjemvej.offers.catalogue import OFFERS, ensure_offer
from hjemvej.stays.models import Stay
from hjemvej.stays.services import do_admit
from tests.browser.conftest import assert_accessible, log_in, screenshot
from tests.factories import CitizenFactory
from tests.offers.helpers import SHELTER_OK

pytestmark = pytest.mark.django_db(transaction=True)

FACTS = {
    "Har borgeren et aktivt misbrug af rusmidler?": "no",
    "Har borgeren en ubehandlet psykisk sygdom?": "no",
    "Har borgeren behov for fysisk pleje (§83)?": "no",
}


def answer_facts(page):
    for question, value in FACTS.items():
        page.get_by_label(question).select_option(value)


def log_out(page):
    page.get_by_role("button", name="Log af").click()
    page.wait_for_url("**/log-ind/**")


def test_shelter_worker_and_caseworker_walk_the_shelter_path(
    page, shelter_worker_ishoj, caseworker_ishoj, ishoj_shelter_unit, citizen_ishoj, ishoj
):
    shelter = ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])
    for i, room in enumerate(list(shelter.rooms.all())[:8]):
        do_admit(
            user=shelter_worker_ishoj,
            offer=shelter,
            room=room,
            citizen=CitizenFactory(
                acting_municipality=ishoj,
                first_name=f"Beboer {i + 1}",
                last_name="Andersen",
                birth_date=datetime.date(1970, 1, 1 + i),
            ),
            facts=SHELTER_OK,
        )

    # The shelter worker registers Jørgen's arrival in the last free room.
    log_in(page, "herberg.ishoj")
    page.get_by_role("link", name="Belægning").first.click()
    expect(page.get_by_text("8 af 9 pladser optaget")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Registrér ankomst").click()
    page.get_by_label("CPR-nummer").fill(citizen_ishoj.cpr)
    page.get_by_label("Værelse").select_option(label="Værelse 9 – Røn")
    answer_facts(page)
    assert_accessible(page)
    page.get_by_role("button", name="Optag borgeren").click()
    expect(
        page.get_by_text(
            "Jørgen Østergaard er optaget på De fleksible afklaringspladser (Værelse 9 – Røn)."
        )
    ).to_be_visible()
    expect(page.get_by_text("9 af 9 pladser optaget")).to_be_visible()
    expect(page.get_by_role("link", name="Jørgen Østergaard", exact=True)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "belaegning")

    # The next arrival, unknown to Hjemvej, finds the shelter full: the waiting list.
    page.get_by_role("link", name="Registrér ankomst").click()
    page.get_by_label("CPR-nummer").fill("0505851237")
    page.get_by_label("Fornavn(e)").fill("Villads")
    page.get_by_label("Efternavn").fill("Krog")
    page.get_by_label("Handlekommune").select_option(label="Ishøj Kommune")
    answer_facts(page)
    page.get_by_role("button", name="Optag borgeren").click()
    expect(
        page.get_by_text(
            "Alle pladser på De fleksible afklaringspladser er optaget. Villads Krog er sat på "
            "ventelisten som nr. 1."
        )
    ).to_be_visible()
    expect(
        page.get_by_role("heading", name="Venteliste: De fleksible afklaringspladser")
    ).to_be_visible()
    expect(page.get_by_role("cell", name="Villads Krog", exact=True)).to_be_visible()
    assert_accessible(page)

    # The notification to the acting municipality is on the worker's list, due in 3 working days.
    page.get_by_role("link", name="Forside").click()
    page.get_by_role("link", name="Åbne frister").click()
    notify = Task.objects.get(citizen=citizen_ishoj, kind=Task.Kind.NOTIFY)
    expect(page.get_by_text(notify.due_on.strftime("%d.%m.%Y")).first).to_be_visible()
    assert_accessible(page)
    page.get_by_role(
        "button", name="Underret handlekommunen (§110, stk. 6) for Jørgen Østergaard"
    ).click()
    expect(
        page.get_by_text("Opgaven er udført: Underret handlekommunen (§110, stk. 6).")
    ).to_be_visible()
    log_out(page)

    # The caseworker sees the new arrival and the action plan task on the worklist.
    log_in(page, "sagsbehandler.ishoj")
    page.get_by_role("link", name="Åbne frister").click()
    worklist = page.locator("main")
    expect(worklist.get_by_role("link", name="Jørgen Østergaard").first).to_be_visible()
    expect(worklist.get_by_text("Udarbejd handleplan (§141/§142)").first).to_be_visible()
    assert_accessible(page)
    worklist.get_by_role("link", name="Jørgen Østergaard").first.click()
    page.get_by_role("link", name="Ophold", exact=True).click()
    expect(page.get_by_role("heading", name="Visitationer og ophold")).to_be_visible()
    expect(page.get_by_text("Underret handlekommunen (§110, stk. 6): frist")).to_be_visible()
    expect(page.get_by_text("udført").first).to_be_visible()
    assert_accessible(page)
    log_out(page)

    # The shelter worker discharges Jørgen to his own home and admits Villads from the list.
    log_in(page, "herberg.ishoj")
    page.get_by_role("link", name="Belægning").first.click()
    page.get_by_role("link", name="Udskriv Jørgen Østergaard").click()
    page.get_by_label("Fraflyttet til").select_option(label="Egen bolig")
    page.get_by_label("Årsag til udskrivning").fill("Har fået lejlighed gennem boliganvisningen")
    assert_accessible(page)
    page.get_by_role("button", name="Udskriv").click()
    expect(
        page.get_by_text("Jørgen Østergaard er udskrevet fra De fleksible afklaringspladser.")
    ).to_be_visible()
    expect(page.get_by_text("8 af 9 pladser optaget")).to_be_visible()
    stay = Stay.objects.get(citizen=citizen_ishoj)
    assert stay.destination == "own_home" and stay.ended_on is not None

    page.get_by_role("link", name="1 på ventelisten").click()
    page.get_by_role("link", name="Åbn visitation for Villads Krog").click()
    assert_accessible(page)
    page.get_by_role("link", name="Optag på De fleksible afklaringspladser").click()
    page.get_by_label("Værelse").select_option(label="Værelse 9 – Røn")
    page.get_by_role("button", name="Optag").click()
    expect(
        page.get_by_text(
            "Villads Krog er optaget på De fleksible afklaringspladser (Værelse 9 – Røn)."
        )
    ).to_be_visible()
    assert_accessible(page)


def test_caseworker_refers_to_the_housing_first_group_and_manager_edits_the_catalogue(
    page, caseworker_ishoj, manager_ishoj, ishoj_shelter_unit, citizen_ishoj, ishoj
):
    from hjemvej.accounts.models import Unit
    from tests.factories import UnitFactory

    shelter = ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])
    pitstop = ensure_offer(
        UnitFactory(municipality=ishoj, kind=Unit.Kind.OFFER, slug="ishoj-pitstop", name="Pitstop"),
        OFFERS["ishoj-pitstop"],
    )

    log_in(page, "sagsbehandler.ishoj")
    page.goto(f"/borgere/{citizen_ishoj.uuid}/afsnit/ophold/")
    page.get_by_role("link", name="Visitér til et tilbud").click()
    page.get_by_label("Tilbud").select_option(label="Pitstop (Ishøj)")
    page.get_by_role("button", name="Vælg tilbud").click()
    page.get_by_label("Alkohol").check()
    page.get_by_role("button", name="Vurdér").click()
    expect(page.get_by_text("Vurdering: Kan ikke optages")).to_be_visible()
    expect(
        page.get_by_text("Borgeren bruger kun alkohol; tilbuddet behandler ikke alkohol.").first
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Hash / cannabis").check()
    page.get_by_label("Har borgeren været til forsamtale").select_option("yes")
    page.get_by_role("button", name="Visitér").click()
    expect(page.get_by_text("Jørgen Østergaard er visiteret til Pitstop.")).to_be_visible()
    expect(page.get_by_text("Vurdering: Kan optages")).to_be_visible()
    assert_accessible(page)
    assert pitstop.referrals.get().facts["substances"] == ["alcohol", "cannabis"]
    log_out(page)

    log_in(page, "leder.ishoj")
    page.goto(f"/tilbud/{shelter.uuid}/")
    assert_accessible(page)
    page.get_by_role("link", name="Rediger tilbuddet").click()
    assert_accessible(page)
    page.get_by_label("Åbningstider / bemanding").fill("Bemandet kl. 08.00–15.30")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Tilbuddet er gemt.")).to_be_visible()
    expect(page.get_by_text("Bemandet kl. 08.00–15.30")).to_be_visible()
    page.get_by_role("link", name="Venteliste").first.click()
    assert_accessible(page)


def test_group_composition_page_is_accessible(
    page, caseworker_ballerup, citizen_ballerup, ballerup
):
    from hjemvej.offers.services import do_refer
    from tests.offers.helpers import offer_for

    group = offer_for(ballerup, "ballerup-housing-first")
    do_refer(
        user=caseworker_ballerup,
        citizen=citizen_ballerup,
        offer=group,
        facts={"physical_care_needs": False, "active_substance_use": False},
    )
    log_in(page, "sagsbehandler.ballerup")
    page.goto(f"/tilbud/{group.uuid}/")
    page.get_by_role("link", name="Gruppens sammensætning").click()
    expect(page.get_by_role("heading", name="Gruppens sammensætning")).to_be_visible()
    assert_accessible(page)
