"""With the strict Content-Security-Policy enforced (no bypass), the staff pages log no CSP
violation and no console error; checkboxes and radio buttons are drawn beside their labels
(DKFDS markup)."""

import pytest

from tests.browser.conftest import assert_accessible, log_in

WATCH_VIOLATIONS = """() => { window.__csp = [];
  document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'))); }"""


@pytest.fixture
def strict_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="da-DK")
    pg = context.new_page()
    pg.set_default_timeout(15000)
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.add_init_script(f"({WATCH_VIOLATIONS})();")
    pg.console_errors = errors  # type: ignore[attr-defined]
    yield pg
    context.close()


def test_staff_pages_keep_the_csp_and_the_console_clean(
    strict_page, caseworker_ishoj, manager_ishoj, citizen_ishoj
):
    page = strict_page
    log_in(page, manager_ishoj.username)
    for path in ["/", "/borgere/", "/okonomi/investering/", "/rapporter/", "/tilbud/"]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__csp") == [], path
    assert page.console_errors == []


def test_a_checkbox_and_a_radio_button_sit_beside_their_labels(page, manager_ishoj, citizen_ishoj):
    log_in(page, manager_ishoj.username)
    page.goto("/okonomi/investering/")
    radio = page.get_by_label("I alt over tidshorisonten (som i SØM-rapporten)")
    assert radio.is_checked()
    label = page.locator("label", has_text="I alt over tidshorisonten (som i SØM-rapporten)")
    box, text = radio.bounding_box(), label.bounding_box()
    assert abs(box["y"] - text["y"]) < 40 and abs(box["x"] - text["x"]) < 60
    page.get_by_label("Pr. år (ganges med tidshorisonten)").check()
    assert page.get_by_label("Pr. år (ganges med tidshorisonten)").is_checked()
    assert_accessible(page)


def test_the_protected_address_checkbox_is_drawn_beside_its_label_and_toggles(
    page, caseworker_ishoj
):
    log_in(page, caseworker_ishoj.username)
    page.goto("/borgere/ny/")
    box = page.get_by_label("Navne- og adressebeskyttelse")
    label = page.locator("label", has_text="Navne- og adressebeskyttelse")
    where, text = box.bounding_box(), label.bounding_box()
    assert where["y"] > 150, "the checkbox must not sit at the page's top-left corner"
    assert abs(where["y"] - text["y"]) < 40 and abs(where["x"] - text["x"]) < 60
    label.click()
    assert box.is_checked()
    assert_accessible(page)
