"""The journal page shows each note's correction, drafts, sensitive notes and the citizen's
messages as before the page was made faster (issue 13): the dates written dd.mm.åååå, the
later correction marked on the note it corrects, the links per note."""

import datetime
import re

import pytest
from django.urls import reverse

from hjemvej.journal import services

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 20)


@pytest.fixture
def journal(shelter_worker_ishoj, caseworker_ishoj, resident_ishoj, ishoj_shelter_unit):
    def write(**kw):
        data = {"kind": "contact", "occurred_on": DAY, "sign": True, "text": "Samtale."}
        data.update(kw)
        return services.do_write_note(
            user=shelter_worker_ishoj, citizen=resident_ishoj, unit=ishoj_shelter_unit, **data
        )

    original = write(text="Første udgave.", occurred_on=DAY - datetime.timedelta(days=3))
    correction = write(text="Rettet udgave.", corrects=original)
    sensitive = write(kind="observation", sensitivity="health", text="Om helbredet.")
    draft = write(text="Ikke færdig.", sign=False)
    handled = services.do_send_citizen_message(
        citizen=resident_ishoj, unit=ishoj_shelter_unit, text="Ring til mig."
    )
    services.do_mark_message_handled(user=caseworker_ishoj, message=handled)
    services.do_send_citizen_message(
        citizen=resident_ishoj, unit=ishoj_shelter_unit, text="Hvornår er mødet?"
    )
    return {"original": original, "correction": correction, "sensitive": sensitive, "draft": draft}


def _page(as_user, user, citizen) -> str:
    return as_user(user).get(f"/journal/borger/{citizen.uuid}/").content.decode()


def test_notes_corrections_drafts_and_messages_as_shown(
    as_user, journal, shelter_worker_ishoj, caseworker_ishoj, manager_ishoj, resident_ishoj
):
    writer = _page(as_user, shelter_worker_ishoj, resident_ishoj)
    assert "<strong>Rettelse</strong> til notat af 17.11.2026." in writer
    assert writer.count("<strong>Rettet senere</strong>") == 1
    assert "Følsomt (helbred)" in writer and "Om helbredet." in writer
    edit = reverse("journal:edit", args=[journal["draft"].uuid])
    sign = reverse("journal:sign", args=[journal["draft"].uuid])
    assert f'<a href="{edit}">Ret kladde</a>' in writer
    assert f'action="{sign}"' in writer
    correct = reverse("journal:edit", args=[journal["original"].uuid])
    assert f'<a href="{correct}">Skriv rettelse<span class="sr-only"> til notat af 17.11.2026' in (
        writer
    )
    assert re.search(r"Underskrevet \d\d\.\d\d\.\d{4} \d\d:\d\d", writer)
    assert re.search(r"Behandlet \d\d\.\d\d\.\d{4} \d\d:\d\d af Mette Lund", writer)
    assert re.search(r"Besked \d\d\.\d\d\.\d{4} \d\d:\d\d til ", writer)

    # Another user does not see the draft; the manager neither the sensitive text nor the form.
    caseworker = _page(as_user, caseworker_ishoj, resident_ishoj)
    assert "Ikke færdig." not in caseworker and "Om helbredet." in caseworker
    manager = _page(as_user, manager_ishoj, resident_ishoj)
    assert "Om helbredet." not in manager and "Din rolle giver ikke adgang" in manager
    assert "Gem notat" not in manager and "Skriv rettelse" not in manager


def test_a_user_who_may_not_write_cannot_post_a_note(as_user, manager_ishoj, resident_ishoj):
    response = as_user(manager_ishoj).post(
        f"/journal/borger/{resident_ishoj.uuid}/", {"kind": "contact", "text": "x"}
    )
    assert response.status_code == 404
