"""The main menu keeps to one row ("Mere" holds the rest) and a user with several units picks
the unit they act for (issue 17, item 9)."""

import re

import pytest

from hjemvej.audit.context import ACTING_UNIT_SESSION_KEY
from hjemvej.audit.models import Action, AuditEntry

pytestmark = pytest.mark.django_db


def _row_and_more(html: str) -> tuple[list[str], list[str]]:
    nav = html.split('aria-label="Hovedmenu"')[1].split("</nav>")[0]
    row_part, _, more_part = nav.partition('class="hjemvej-more')
    labels = lambda part: re.findall(r'class="nav-link"[^>]*><span>([^<]+)</span></a>', part)  # noqa: E731
    return labels(row_part), labels(more_part)


def test_menu_shows_six_entries_in_the_row_and_the_rest_under_mere(as_user, manager_ishoj):
    row, more = _row_and_more(as_user(manager_ishoj).get("/").content.decode())
    assert row == ["Forside", "Borgere", "Møder", "Venteliste", "Belægning", "Støttetid"]
    assert more == [
        "Borgere på tilbud",
        "Hjemtagning",
        "Progression",
        "Tilbud",
        "Samarbejde",
        "Rapporter",
        "Økonomi",
        "Opbevaring",
        "Logning",
    ]


def test_menu_without_mere_when_everything_fits(as_user, analyst_ishoj):
    html = as_user(analyst_ishoj).get("/").content.decode()
    row, more = _row_and_more(html)
    assert row[0] == "Forside" and more == [] and "hjemvej-more" not in html


def test_the_current_page_under_mere_marks_mere(as_user, manager_ishoj):
    html = as_user(manager_ishoj).get("/logning/").content.decode()
    assert 'class="hjemvej-more active current"' in html
    assert 'aria-current="page"><span>Logning</span>' in html


def test_a_user_with_one_unit_gets_no_picker(as_user, caseworker_ishoj):
    html = as_user(caseworker_ishoj).get("/").content.decode()
    assert 'id="acting-unit"' not in html
    assert "<span>Myndighed, Voksne udsatte</span>" in html


def test_unit_picker_sets_the_acting_unit_for_own_units_only_and_logs_it(
    as_user, manager_ishoj, ishoj_authority, ishoj_shelter_unit, ballerup_authority
):
    client = as_user(manager_ishoj)
    html = client.get("/").content.decode()
    assert '<label class="form-label" for="acting-unit">Handler for</label>' in html
    assert f'<option value="{ishoj_shelter_unit.pk}">{ishoj_shelter_unit.name}</option>' in html
    assert ballerup_authority.name not in html

    response = client.post("/enhed/", {"unit": ishoj_shelter_unit.pk, "next": "/moeder/"})
    assert response.status_code == 302 and response["Location"] == "/moeder/"
    assert client.session[ACTING_UNIT_SESSION_KEY] == ishoj_shelter_unit.pk
    row = AuditEntry.objects.get(summary=f"Handler for enheden {ishoj_shelter_unit.name}")
    assert row.action == Action.CHANGE and row.actor_username == manager_ishoj.username
    assert row.actor_unit == ishoj_shelter_unit.name
    html = client.get("/").content.decode()
    assert f'<option value="{ishoj_shelter_unit.pk}" selected>' in html

    # From now on the user's rows name the chosen unit.
    client.get("/borgere/", {"q": "Nogen"})
    search = AuditEntry.objects.filter(action=Action.SEARCH).latest("id")
    assert search.actor_unit == ishoj_shelter_unit.name

    # Not one of the user's units: refused, nothing changes, nothing is logged.
    count = AuditEntry.objects.count()
    refused = client.post("/enhed/", {"unit": ballerup_authority.pk}, follow=True)
    assert "Vælg en af dine egne enheder." in refused.content.decode()
    assert client.session[ACTING_UNIT_SESSION_KEY] == ishoj_shelter_unit.pk
    assert client.post("/enhed/", {"unit": "x", "next": "https://ondt.example/"})["Location"] == "/"
    assert AuditEntry.objects.count() == count
    assert client.get("/enhed/").status_code == 405


def test_the_administrator_reaches_the_dkfds_administration_from_menu_and_home(as_user, admin_user):
    html = as_user(admin_user).get("/").content.decode()
    row, more = _row_and_more(html)
    assert "Administration" in row + more
    assert 'href="/administration/"' in html
    assert "/django-admin/" not in html
