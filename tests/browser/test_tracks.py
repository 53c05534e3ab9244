"""Herning's tracks in the browser: the caseworker starts the employment track from the
citizen's tab, meets a field error, records the first step and ends the track; axe on every
page."""

import pytest
from playwright.sync_api import expect

from hjemvej.tracks.models import Track
from tests.browser.conftest import assert_accessible, log_in
from tests.tracks.conftest import *  # noqa: F403  (the seeded tracks)

pytestmark = pytest.mark.django_db(transaction=True)


def test_caseworker_starts_a_track_records_a_step_and_ends_it(
    page, caseworker_ishoj, citizen_ishoj, ishoj_authority, employment
):
    log_in(page, "sagsbehandler.ishoj")
    page.goto(f"/borgere/{citizen_ishoj.uuid}/")
    page.get_by_role("link", name="Spor", exact=True).click()
    expect(page.get_by_text("Borgeren er ikke i et spor.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Start spor").click()
    expect(
        page.get_by_role("heading", name=f"Start spor for {citizen_ishoj.full_name}")
    ).to_be_visible()
    page.get_by_role("button", name="Start sporet").click()
    expect(page.get_by_text("Vælg sporet.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Spor", exact=True).select_option(label="Beskæftigelse")
    page.get_by_label("Startdato").fill("2026-04-01")
    page.get_by_role("button", name="Start sporet").click()
    expect(page.get_by_role("heading", name="Beskæftigelse", level=1)).to_be_visible()
    expect(page.get_by_text("08.04.2026").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role(
        "link", name="1. Kontakt til beskæftigelsesafdelingen (hurtigst muligt)"
    ).click()
    expect(page.get_by_role("heading", name="Registrér trinnet")).to_be_visible()
    page.get_by_label("Udført").check()
    page.get_by_label("Dato", exact=True).fill("2026-04-07")
    page.get_by_label("Resultat eller begrundelse").fill("Møde i jobcentret")
    assert_accessible(page)
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.get_by_text("Trinnet er gemt.")).to_be_visible()
    expect(page.get_by_text("Møde i jobcentret")).to_be_visible()

    page.get_by_label("Målet er nået").check()
    page.get_by_label("Slutdato").fill("2026-06-01")
    page.get_by_role("button", name="Afslut sporet").click()
    expect(page.get_by_text("Sporet er afsluttet.")).to_be_visible()
    assert_accessible(page)
    assert Track.objects.get(citizen=citizen_ishoj).status == "goal_met"
