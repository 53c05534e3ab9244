"""A citizen on a phone (390×844) logs in and finds the caseworker's look-up in
"Hvem har set mine oplysninger"."""

import pytest

from hjemvej.portal.models import DemoLogin
from tests.browser.conftest import assert_accessible, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_citizen_on_a_phone_sees_who_looked(page, phone_page, caseworker_ishoj, citizen_ishoj):
    account = DemoLogin(citizen=citizen_ishoj, username="borger1")
    account.set_password("hjemvej-test-kode")
    account.save()

    log_in(page, "sagsbehandler.ishoj")  # the caseworker looks the citizen up first
    page.goto(f"/borgere/{citizen_ishoj.uuid}/")
    assert page.get_by_role("heading", name="Jørgen Østergaard").is_visible()

    phone = phone_page
    phone.goto("/mine-sider/")
    assert_accessible(phone)
    phone.get_by_label("Brugernavn").fill("borger1")
    phone.get_by_label("Adgangskode").fill("hjemvej-test-kode")
    phone.get_by_role("button", name="Log ind").click()
    assert phone.get_by_role("heading", name="Hej Jørgen").is_visible()
    assert_accessible(phone)

    link = phone.get_by_role("link", name="Hvem har set mine oplysninger")
    box = link.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44  # a touch target a thumb can hit
    link.click()
    entry = phone.get_by_text("Sagsbehandling i Myndighed, Voksne udsatte").first
    assert entry.is_visible()
    assert phone.get_by_text("Mette").count() == 0
    assert_accessible(phone)
    screenshot(phone, "mine-sider-hvem-har-set")
