"""A caseworker's day (issue 17, items 1, 2, 3 and 9), at 1366×768 and 390×844 with the strict
CSP enforced: the home page of a caseworker with 40 citizens (at most two screens tall), the
citizen page's summary, tabs and timeline, the masked CPR number and its "Vis" (logged with the
purpose), the main menu on one row, and the unit picker. axe finds nothing, the console and the
CSP stay clean, and screenshots are kept in test-artifacts/."""

import json
import re

import pytest
from playwright.sync_api import expect

from hjemvej.audit.models import Action, AuditEntry
from hjemvej.offers.catalogue import OFFERS, ensure_offer
from tests.browser.conftest import ARTIFACTS, AXE_JS, log_in
from tests.front.caseload import fill_caseload

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS = [(1366, 768), (390, 844)]
AXE_URL = "/__axe__/axe.min.js"  # served by the test (a same-origin script: the CSP allows it)
WATCH = """() => { window.__csp = [];
  document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'))); }"""


@pytest.fixture
def open_context(browser, live_server):
    contexts = []

    def make(width, height):
        context = browser.new_context(
            base_url=live_server.url,
            locale="da-DK",
            viewport={"width": width, "height": height},
            is_mobile=width < 500,
            has_touch=width < 500,
        )
        context.route(
            f"**{AXE_URL}",
            lambda route: route.fulfill(
                body=AXE_JS.read_text(encoding="utf-8"), content_type="application/javascript"
            ),
        )
        page = context.new_page()
        page.set_default_timeout(20000)
        page.errors = []  # type: ignore[attr-defined]
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.add_init_script(f"({WATCH})();")
        contexts.append(context)
        return page

    yield make
    for c in contexts:
        c.close()


def check(page, what: str) -> None:
    """No CSP violation, no console error, no axe violation on the page as it is now."""
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__csp || []") == [], (what, page.url)
    assert page.errors == [], (what, page.errors)
    page.add_script_tag(url=AXE_URL)
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    violations = [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"][:5]]}
        for v in result["violations"]
    ]
    assert not violations, f"{what} ({page.url}):\n{json.dumps(violations, ensure_ascii=False)}"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def nav_tops(page) -> list[float]:
    return page.evaluate(
        """() => [...document.querySelectorAll('.hjemvej-nav > li')]
                  .map(li => li.getBoundingClientRect().top)"""
    )


@pytest.fixture
def caseload(caseworker_ishoj, shelter_worker_ishoj, ishoj_authority, ishoj, ishoj_shelter_unit):
    shelter = ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])
    return fill_caseload(
        40,
        caseworker=caseworker_ishoj,
        authority=ishoj_authority,
        ishoj=ishoj,
        shelter=shelter,
        shelter_worker=shelter_worker_ishoj,
    )


def test_a_caseworkers_day_at_desk_and_phone_size(
    open_context, caseload, caseworker_ishoj, manager_ishoj, ishoj_shelter_unit
):
    resident = caseload[0]  # admitted at the shelter, with a meeting and deadlines
    for width, height in VIEWPORTS:
        size = f"{width}x{height}"
        page = open_context(width, height)
        log_in(page, caseworker_ishoj.username)
        for citizen in caseload[:6]:  # "opened lately" on the home page
            page.goto(f"/borgere/{citizen.uuid}/")

        # The home page: counts that link to the lists, a handful of rows, two screens at most.
        page.goto("/")
        expect(page.get_by_role("heading", name="Arbejdsliste")).to_be_visible()
        expect(page.get_by_role("link", name="Møder denne uge")).to_be_visible()
        check(page, "forsiden")
        tall = page.evaluate("document.documentElement.scrollHeight")
        if width == 1366:
            assert tall <= 2 * 768, f"forsiden er {tall} px høj"
            tops = nav_tops(page)
            assert len(tops) >= 5 and max(tops) - min(tops) < 2, tops  # one row
        shot(page, f"forside-sagsbehandler-40-borgere-{size}")
        # The counts are held for a minute (front.home); the button works them out now.
        expect(page.get_by_text("Tallene er opgjort kl.")).to_be_visible()
        page.get_by_role("button", name="Opdatér tallene").click()
        expect(page).to_have_url(re.compile(r"/$"))
        expect(page.get_by_role("heading", name="Arbejdsliste")).to_be_visible()
        page.get_by_role("link", name="Møder denne uge").click()
        expect(page.get_by_role("heading", name="Møder denne uge", level=1)).to_be_visible()
        expect(page.get_by_text("40 i alt")).to_be_visible()
        page.get_by_role("link", name="Mine", exact=True).click()
        expect(page.get_by_role("link", name="Mine", exact=True)).to_have_attribute(
            "aria-current", "page"
        )
        check(page, "møder denne uge")

        # The citizen page: summary, tabs (htmx swaps the page body; each tab has its URL).
        page.goto(f"/borgere/{resident.uuid}/")
        expect(page.get_by_role("heading", name="Opholdssted nu")).to_be_visible()
        expect(page.get_by_role("heading", name="Næste møde")).to_be_visible()
        expect(page.get_by_role("heading", name="Åbne frister")).to_be_visible()
        masked = resident.cpr_masked
        expect(page.get_by_text(masked)).to_be_visible()
        assert resident.cpr_display not in page.content()
        check(page, "borgerens overblik")
        shot(page, f"borgerside-overblik-{size}")

        tabs = page.get_by_role("navigation", name="Borgerens sider")
        tabs.get_by_role("link", name="Tidslinje").click()
        expect(page).to_have_url(
            f"{page.url.split('/borgere/')[0]}/borgere/{resident.uuid}/tidslinje/"
        )
        expect(page.get_by_role("heading", name="Tidslinje", level=2)).to_be_visible()
        expect(tabs.get_by_role("link", name="Tidslinje")).to_have_attribute("aria-current", "page")
        page.get_by_label("Vis hændelser af typen").select_option("moede")
        page.get_by_role("button", name="Vis", exact=True).click()
        expect(page.get_by_role("cell", name="Møde", exact=True).first).to_be_visible()
        assert page.get_by_role("cell", name="Ophold", exact=True).count() == 0
        check(page, "tidslinjen")
        page.get_by_role("navigation", name="Borgerens sider").get_by_role(
            "link", name="Ophold"
        ).click()
        expect(page.get_by_role("heading", name="Visitationer og ophold")).to_be_visible()
        check(page, "fanen ophold")

        # "Vis" the CPR number for a purpose: shown, and logged with the purpose.
        page.goto(f"/borgere/{resident.uuid}/")
        page.get_by_label("Formål med at se hele nummeret").select_option(
            "Identifikation af borgeren"
        )
        page.get_by_role("button", name="Vis hele CPR-nummeret").click()
        expect(page.get_by_text(resident.cpr_display)).to_be_visible()
        check(page, "CPR-nummeret vist")
        row = AuditEntry.objects.filter(summary="CPR-nummer vist", citizen_uuid=resident.uuid)
        assert row.count() == VIEWPORTS.index((width, height)) + 1
        assert row.latest("id").purpose == "Identifikation af borgeren"
        assert row.latest("id").action == Action.READ
        page.close()

        # A manager with two units: the menu's "Mere" and the unit picker.
        page = open_context(width, height)
        log_in(page, manager_ishoj.username)
        if width == 1366:
            tops = nav_tops(page)
            assert max(tops) - min(tops) < 2, tops
        page.locator(".hjemvej-more summary").click()
        page.get_by_role("link", name="Logning", exact=True).click()
        expect(page.locator(".hjemvej-more")).to_have_class("hjemvej-more active current")
        check(page, "logning via Mere")
        page.get_by_label("Handler for").select_option(label=ishoj_shelter_unit.name)
        page.get_by_role("button", name="Skift enhed").click()
        expect(page.get_by_text(f"Du handler nu for {ishoj_shelter_unit.name}.")).to_be_visible()
        expect(page.get_by_label("Handler for")).to_have_value(str(ishoj_shelter_unit.pk))
        check(page, "enhed valgt")
        assert AuditEntry.objects.filter(
            summary=f"Handler for enheden {ishoj_shelter_unit.name}",
            actor_username=manager_ishoj.username,
        ).exists()
        page.close()
