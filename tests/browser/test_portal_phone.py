"""A citizen on a phone (390×844) logs in and finds the caseworker's look-up in
"Hvem har set mine oplysninger"."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from hjemvej.portal.models import DemoLogin
from tests.browser.conftest import assert_accessible, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_citizen_on_a_phone_sees_who_looked(page, phone_page, caseworker_ishoj, citizen_ishoj):
    account = DemoLogin(citizen=citizen_ishoj, username="borger1")
    account.set_password("hjemvej-test-kode")
    account.save()

    log_in(page, "sagsbehandler.ishoj")  # the caseworker looks the citizen up first
    page.goto(f"/borgere/{citizen_ishoj.uuid}/")
    expect(page.get_by_role("heading", name="Jørgen Østergaard")).to_be_visible()

    phone = phone_page
    phone.goto("/mine-sider/")
    assert_accessible(phone)
    phone.get_by_label("Brugernavn").fill("borger1")
    phone.get_by_label("Adgangskode").fill("hjemvej-test-kode")
    phone.get_by_role("button", name="Log ind").click()
    expect(phone.get_by_role("heading", name="Hej Jørgen")).to_be_visible()
    assert_accessible(phone)

    link = phone.get_by_role("link", name="Hvem har set mine oplysninger")
    box = link.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44  # a touch target a thumb can hit
    link.click()
    entry = phone.get_by_text("Sagsbehandling i Myndighed, Voksne udsatte").first
    expect(entry).to_be_visible()
    assert phone.get_by_text("Mette").count() == 0
    assert_accessible(phone)
    screenshot(phone, "mine-sider-hvem-har-set")


def _big_enough(locator) -> None:
    box = locator.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44, box


def test_citizen_on_a_phone_adds_a_goal_scores_a_sub_goal_and_gets_a_meeting(
    page, phone_page, caseworker_ishoj, citizen_ishoj, ishoj_authority
):
    from icalendar import Calendar

    from hjemvej.plans.models import Score, ScoredBy
    from tests.portal.conftest import book, make_plan

    account = DemoLogin(citizen=citizen_ishoj, username="borger1")
    account.set_password("hjemvej-test-kode")
    account.save()
    plan = make_plan(caseworker_ishoj, citizen_ishoj, ishoj_authority)
    meeting = book(caseworker_ishoj, citizen_ishoj, ishoj_authority)

    log_in(page, "sagsbehandler.ishoj")  # the caseworker looks the citizen up first
    page.goto(f"/borgere/{citizen_ishoj.uuid}/")
    expect(page.get_by_role("heading", name="Jørgen Østergaard")).to_be_visible()

    phone = phone_page
    phone.goto("/mine-sider/log-ind/")
    phone.get_by_label("Brugernavn").fill("borger1")
    phone.get_by_label("Adgangskode").fill("hjemvej-test-kode")
    phone.get_by_role("button", name="Log ind").click()
    expect(phone.get_by_role("heading", name="Hej Jørgen")).to_be_visible()
    assert_accessible(phone)

    # My plan: add an own goal
    tile = phone.get_by_role("link", name="Min plan og mine mål")
    _big_enough(tile)
    tile.click()
    expect(phone.get_by_role("heading", name="Min plan og mine mål")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_role("link", name="Handleplan (§141)").click()
    expect(phone.get_by_role("heading", name="Dine egne mål")).to_be_visible()
    assert_accessible(phone)
    new_goal = phone.get_by_role("link", name="Skriv et nyt mål")
    _big_enough(new_goal)
    new_goal.click()
    assert_accessible(phone)
    phone.get_by_label("Dit mål med dine egne ord").fill("Jeg vil cykle til arbejde")
    phone.get_by_role("button", name="Gem målet").click()
    expect(phone.get_by_text("Dit mål er gemt i din plan.")).to_be_visible()
    expect(phone.get_by_text("Jeg vil cykle til arbejde", exact=True)).to_be_visible()

    # Score a sub-goal myself, beside the staff's score
    score_link = phone.get_by_role(
        "link", name=re.compile("Giv din egen vurdering.*Jeg har en ugeplan")
    )
    _big_enough(score_link)
    score_link.click()
    expect(phone.get_by_role("heading", name="Din vurdering af delmålet")).to_be_visible()
    assert_accessible(phone)
    choice = phone.get_by_text("1 – Let problem")
    _big_enough(choice)
    choice.click()
    phone.get_by_role("button", name="Gem min vurdering").click()
    expect(phone.get_by_text("Din egen vurdering er gemt")).to_be_visible()
    table = phone.get_by_role("table", name="Sådan går det med delmålet")
    expect(table.get_by_role("row")).to_have_count(3)  # header, staff's score, my score
    assert_accessible(phone)
    screenshot(phone, "mine-sider-plan")
    assert Score.objects.get(scored_by=ScoredBy.CITIZEN).value == 1
    assert Score.objects.get(scored_by=ScoredBy.STAFF).value == 3

    # My meetings: see it and put it in my calendar
    phone.goto("/mine-sider/")
    phone.get_by_role("link", name="Mine møder").click()
    expect(phone.get_by_text("Ishøj Store Torv 20, 2635 Ishøj")).to_be_visible()
    assert_accessible(phone)
    calendar_link = phone.get_by_role("link", name="Læg i min kalender")
    _big_enough(calendar_link)
    with phone.expect_download() as info:
        calendar_link.click()
    event = Calendar.from_ical(Path(info.value.path()).read_bytes()).walk("VEVENT")[0]
    assert str(event["uid"]) == f"{meeting.uuid}@hjemvej"
    assert event.decoded("dtstart") == meeting.starts_at
    assert str(event["summary"]) == "Aftale med Ishøj Kommune"
    phone.get_by_role("button", name="Jeg kommer").click()
    expect(phone.get_by_text("Du har sagt, at du kommer.")).to_be_visible()
    assert_accessible(phone)
    screenshot(phone, "mine-sider-moeder")

    # My contacts and a message
    phone.goto("/mine-sider/kontakter/")
    expect(phone.get_by_text("Mette Lund")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_role("link", name="Skriv til Mette").click()
    phone.get_by_label("Din besked").fill("Tak for sidst")
    phone.get_by_role("button", name="Send beskeden").click()
    expect(phone.get_by_text("Din besked er sendt.")).to_be_visible()
    assert_accessible(phone)

    # Who has looked at my data: the caseworker's look-up, without her name
    phone.goto("/mine-sider/")
    phone.get_by_role("link", name="Hvem har set mine oplysninger").click()
    expect(phone.get_by_text("Sagsbehandling i Myndighed, Voksne udsatte").first).to_be_visible()
    assert phone.get_by_text("Mette").count() == 0
    assert_accessible(phone)
    screenshot(phone, "mine-sider-plan-og-moeder")
    assert plan.goals.filter(title="Jeg vil cykle til arbejde").exists()
