"""Issue 17 items 4, 5 and 8 in the browser, with the strict CSP enforced, at 1366×768 and
390×844: the searchable FFB theme multi-select (search, pick with the keyboard), a date error
that names the format, the waiting list's out-of-turn reason, and the staff administration
(create a user, give a role). axe finds nothing and the console stays clean."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from hjemvej.accounts.models import Role, User
from hjemvej.offers.catalogue import OFFERS, ensure_offer
from hjemvej.plans.ffb import Vocabulary
from hjemvej.stays import services as stays
from hjemvej.stays.models import Stay
from tests.browser.conftest import AXE_JS, log_in
from tests.factories import CitizenFactory
from tests.offers.helpers import SHELTER_OK
from tests.plans.conftest import action_plan, term, today  # noqa: F401

VIEWPORTS = {
    "desktop": {"width": 1366, "height": 768},
    "phone": {"width": 390, "height": 844},
}
WATCH_VIOLATIONS = """() => { window.__csp = [];
  document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'))); }"""


@pytest.fixture(params=sorted(VIEWPORTS))
def strict_page(request, browser, live_server):
    """The CSP is enforced (no bypass); console errors and CSP violations are collected."""
    context = browser.new_context(
        base_url=live_server.url, locale="da-DK", viewport=VIEWPORTS[request.param]
    )
    pg = context.new_page()
    pg.set_default_timeout(15000)
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.add_init_script(f"({WATCH_VIOLATIONS})();")
    pg.console_errors = errors  # type: ignore[attr-defined]
    yield pg
    assert errors == [], errors
    context.close()


def clean(page) -> None:
    """No CSP violation so far, and axe (evaluated through the DevTools protocol, which the
    page's CSP does not govern, so the policy stays enforced) finds no WCAG 2.1 A/AA fault."""
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__csp") == [], page.url
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    violations = page.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations.map(
            v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 5).map(n => n.target)}))"""
    )
    assert violations == [], (page.url, violations)


def test_theme_multiselect_searches_and_picks_with_the_keyboard(
    strict_page,
    caseworker_ishoj,
    citizen_ishoj,
    action_plan,  # noqa: F811
):
    page = strict_page
    log_in(page, caseworker_ishoj.username)
    url = reverse("plans:goal_new", args=[citizen_ishoj.uuid, action_plan.uuid, "professional"])
    page.goto(url)
    clean(page)
    search = page.get_by_label("Søg efter tema")
    boxes = page.locator("[data-multiselect] input[type=checkbox]")
    total = boxes.count()
    assert total > 20
    search.fill("lave mad")
    visible = page.locator("[data-multiselect] .form-group-checkbox:visible")
    assert 1 <= visible.count() < total
    assert page.get_by_role("status").filter(has_text="passer til søgningen").count() == 1
    search.press("ArrowDown")
    focused = page.evaluate("document.activeElement.nextElementSibling.textContent")
    assert "Lave mad" in focused
    page.keyboard.press("Space")
    assert page.get_by_label("Lave mad", exact=True).is_checked()
    assert "Valgt (1): Lave mad" in page.locator(".hjemvej-multiselect-chosen").inner_text()
    search.fill("")
    search.press("Enter")  # Enter in the search never sends the form
    assert page.url.endswith(url)
    assert boxes.count() == total
    clean(page)
    lave_mad = term(Vocabulary.THEME, "Lave mad")
    assert page.locator(f"input[value='{lave_mad.code}']").is_checked()


def test_a_date_error_names_the_format(
    strict_page, shelter_worker_ishoj, ishoj_shelter_unit, ishoj
):
    shelter = ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])
    stay = stays.do_admit(
        user=shelter_worker_ishoj,
        offer=shelter,
        citizen=CitizenFactory(acting_municipality=ishoj, birth_date=datetime.date(1980, 1, 1)),
        facts=SHELTER_OK,
    ).stay
    page = strict_page
    log_in(page, shelter_worker_ishoj.username)
    page.goto(f"/ophold/{stay.uuid}/udskriv/")
    # A browser without a date picker sends what was typed; so does this field as text.
    page.locator("#id_ended_on").evaluate("el => { el.type = 'text'; }")
    page.locator("#id_ended_on").fill("32.13.2026")
    page.get_by_label("Fraflyttet til").select_option("own_home")
    page.get_by_role("button", name="Udskriv").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Skriv en gyldig dato som dd.mm.åååå.").first).to_be_visible()
    clean(page)


def test_admitting_out_of_turn_asks_for_a_reason(
    strict_page, shelter_worker_ishoj, ishoj_shelter_unit, ishoj
):
    shelter = ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])

    def adult(name):
        return CitizenFactory(
            acting_municipality=ishoj, first_name=name, birth_date=datetime.date(1980, 1, 1)
        )

    residents = [
        stays.do_admit(
            user=shelter_worker_ishoj, offer=shelter, citizen=adult(f"Beboer{i}"), facts=SHELTER_OK
        ).stay
        for i in range(9)
    ]
    waiting = [
        stays.do_admit(
            user=shelter_worker_ishoj, offer=shelter, citizen=adult(f"Venter{i}"), facts=SHELTER_OK
        )
        for i in (1, 2, 3)
    ]
    stays.do_discharge(
        user=shelter_worker_ishoj,
        stay=residents[0],
        ended_on=residents[0].started_on,
        destination="family_friends",
    )
    third = waiting[2].referral
    page = strict_page
    log_in(page, shelter_worker_ishoj.username)
    page.goto(f"/ophold/optag/{third.uuid}/")
    expect(page.get_by_text("Nr. 1 og 2 på ventelisten har ventet længere.")).to_be_visible()
    page.get_by_role("button", name="Optag").click()
    page.wait_for_load_state("networkidle")
    expect(
        page.get_by_text("Skriv hvorfor borgeren optages foran dem, der har ventet længere.").first
    ).to_be_visible()
    clean(page)
    page.get_by_label("Begrundelse for optagelse uden for tur").fill(
        "Udskrevet fra hospitalet i dag og kan ikke vente."
    )
    page.get_by_role("button", name="Optag").click()
    page.wait_for_url(lambda url: "/belaegning/" in url)
    stay = Stay.objects.get(citizen=third.citizen)
    assert stay.out_of_turn_reason == "Udskrevet fra hospitalet i dag og kan ikke vente."
    page.goto(f"/ophold/borger/{third.citizen.uuid}/")
    expect(page.get_by_text("Udskrevet fra hospitalet i dag og kan ikke vente.")).to_be_visible()
    clean(page)
    page.goto(f"/tilbud/{shelter.uuid}/venteliste/")
    expect(page.get_by_role("heading", name="Optaget uden for tur")).to_be_visible()
    clean(page)


def test_administrator_creates_a_user_and_gives_a_role(strict_page, admin_user, ishoj_shelter_unit):
    page = strict_page
    log_in(page, admin_user.username)
    page.goto("/administration/")
    clean(page)
    page.get_by_role("link", name="Brugere").first.click()
    clean(page)
    page.get_by_role("link", name="Opret bruger").click()
    page.get_by_label("Brugernavn").fill("nina.ny")
    page.get_by_label("Fornavn").fill("Nina")
    page.get_by_label("Efternavn").fill("Ny")
    page.get_by_label("Første enhed").select_option(label="Myndighed, Voksne udsatte (Ishøj)")
    page.get_by_label("Rolle i enheden").select_option(Role.CASEWORKER)
    page.get_by_role("button", name="Opret brugeren").click()
    page.wait_for_url(lambda url: "/administration/brugere/" in url and "/ny/" not in url)
    expect(page.get_by_role("heading", name="Nina Ny")).to_be_visible()
    clean(page)
    page.get_by_label("Enhed", exact=True).select_option(label=f"{ishoj_shelter_unit.name} (Ishøj)")
    page.get_by_label("Rolle", exact=True).select_option(Role.OFFER_STAFF)
    page.get_by_role("button", name="Giv rollen").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Medarbejder på tilbud").first).to_be_visible()
    clean(page)
    page.goto("/administration/enheder/")
    clean(page)
    page.get_by_role("link", name="Opret enhed").click()
    page.get_by_label("Navn").fill("Natcaféen")
    page.get_by_label("Tilbud", exact=True).check()
    page.get_by_role("button", name="Opret enheden").click()
    page.wait_for_url(lambda url: url.endswith("/administration/enheder/"))
    expect(page.get_by_role("cell", name="Natcaféen", exact=True)).to_be_visible()
    clean(page)
    user = User.objects.get(username="nina.ny")
    assert set(user.memberships.values_list("role", flat=True)) == {
        Role.CASEWORKER,
        Role.OFFER_STAFF,
    }
