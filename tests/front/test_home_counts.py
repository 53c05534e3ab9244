"""The home page's worklist counts are worked out at most once a minute per user and held
(front.home, settings.HOME_COUNTS_SECONDS): the page says when, "Opdatér tallene" works them out
at once, the user's own changes count at once, and a new day or a changed role is never served
old counts."""

import datetime

import pytest
from django.core.cache.backends import db as db_cache
from django.utils import timezone

from hjemvej.accounts.models import Membership
from hjemvej.journal.models import CitizenMessage

pytestmark = pytest.mark.django_db

REFRESH = "/forside/opdater-tal/"
LABEL = "Beskeder fra borgere"


def _messages_count(html: str) -> str | None:
    """The count in the worklist's "Beskeder fra borgere" row (None: no such row)."""
    if f">{LABEL}</a>" not in html:
        return None
    row = html.split(f">{LABEL}</a>")[1].split("</tr>")[0]
    return row.split('text-align-right">')[1].split("<")[0].strip()


def _one_held_then_another(client, message) -> None:
    """One message, counted and held on the home page; then a second one."""
    message()
    assert _messages_count(_home(client)) == "1"
    message("Og igen")


def _home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def message(citizen_ishoj, ishoj_authority):
    def make(text="Ring til mig"):
        return CitizenMessage.objects.create(citizen=citizen_ishoj, unit=ishoj_authority, text=text)

    return make


def test_counts_are_held_and_the_page_says_when(as_user, caseworker_ishoj, message):
    client = as_user(caseworker_ishoj)
    message()
    html = _home(client)
    assert _messages_count(html) == "1"
    assert "Tallene er opgjort kl. " in html
    assert "kollegernes inden for 60 sekunder" in html

    # A citizen writes again: the held count stands until the minute is up …
    message("Og igen")
    assert _messages_count(_home(client)) == "1"
    # … or the user asks for the counts now.
    response = client.post(REFRESH)
    assert response.status_code == 302 and response["Location"] == "/"
    assert _messages_count(_home(client)) == "2"


def test_refresh_is_a_post(as_user, caseworker_ishoj):
    client = as_user(caseworker_ishoj)
    assert client.get(REFRESH).status_code == 405


def test_the_users_own_change_counts_at_once(as_user, caseworker_ishoj, message):
    client = as_user(caseworker_ishoj)
    first, second = message(), message("Og igen")
    assert _messages_count(_home(client)) == "2"
    response = client.post(f"/journal/besked/{first.uuid}/behandlet/")
    assert response.status_code == 302
    assert _messages_count(_home(client)) == "1"
    # A colleague's change (here straight in the database) waits for the minute.
    CitizenMessage.objects.filter(pk=second.pk).update(handled_at=timezone.now())
    assert _messages_count(_home(client)) == "1"


def test_held_counts_expire_after_the_minute(as_user, caseworker_ishoj, message, monkeypatch):
    client = as_user(caseworker_ishoj)
    _one_held_then_another(client, message)
    # The cache's clock (Django's database cache compares each entry's expiry with it).
    now = timezone.now
    later = lambda seconds: lambda: now() + datetime.timedelta(seconds=seconds)  # noqa: E731
    monkeypatch.setattr(db_cache, "tz_now", later(59))
    assert _messages_count(_home(client)) == "1"
    monkeypatch.setattr(db_cache, "tz_now", later(61))
    assert _messages_count(_home(client)) == "2"


def test_a_new_day_is_not_served_yesterdays_counts(as_user, caseworker_ishoj, message, monkeypatch):
    client = as_user(caseworker_ishoj)
    _one_held_then_another(client, message)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert _messages_count(_home(client)) == "2"


def test_a_role_taken_away_takes_its_counts(as_user, caseworker_ishoj, message):
    client = as_user(caseworker_ishoj)
    message()
    assert _messages_count(_home(client)) == "1"
    # An administrator takes the role away (another user's change): the held counts were
    # worked out for the old roles and are not shown.
    Membership.objects.filter(user=caseworker_ishoj).delete()
    html = _home(client)
    assert _messages_count(html) is None and "Arbejdsliste" not in html


def test_each_user_has_their_own_counts(
    as_user, caseworker_ishoj, caseworker_ballerup, message, citizen_ballerup, ballerup_authority
):
    message()
    ishoj, ballerup = as_user(caseworker_ishoj), as_user(caseworker_ballerup)
    assert _messages_count(_home(ishoj)) == "1"
    # Ballerup's caseworker sees none of Ishøj's messages, held or not.
    assert _messages_count(_home(ballerup)) is None
    CitizenMessage.objects.create(citizen=citizen_ballerup, unit=ballerup_authority, text="Hej")
    ballerup.post(REFRESH)
    assert _messages_count(_home(ballerup)) == "1"
    assert _messages_count(_home(ishoj)) == "1"


def test_zero_seconds_works_them_out_on_every_visit(as_user, caseworker_ishoj, message, settings):
    settings.HOME_COUNTS_SECONDS = 0
    client = as_user(caseworker_ishoj)
    message()
    html = _home(client)
    assert _messages_count(html) == "1" and "Tallene er opgjort" not in html
    message("Og igen")
    assert _messages_count(_home(client)) == "2"
