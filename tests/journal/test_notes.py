"""Case notes: signed notes cannot change, corrections point back, sensitive notes are shown
only to the roles that need them."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from hjemvej.journal import services
from hjemvej.journal.models import Note

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 20)


@pytest.fixture
def signed(shelter_worker_ishoj, resident_ishoj, ishoj_shelter_unit):
    return services.do_write_note(
        user=shelter_worker_ishoj,
        citizen=resident_ishoj,
        unit=ishoj_shelter_unit,
        kind="contact",
        text="Samtale om boligsøgning.",
        occurred_on=DAY,
        sign=True,
    )


def test_signed_note_cannot_be_changed_by_service_or_save(signed, shelter_worker_ishoj):
    with pytest.raises(ValidationError, match="underskrevet"):
        services.do_edit_draft(
            user=shelter_worker_ishoj,
            note=signed,
            text="Ændret",
            kind="contact",
            sensitivity="",
            occurred_on=DAY,
        )
    signed.text = "Ændret bag om ryggen"
    with pytest.raises(ValidationError, match="underskrevet"):
        signed.save()
    with pytest.raises(ValidationError):
        signed.delete()
    assert Note.objects.get(pk=signed.pk).text == "Samtale om boligsøgning."


def test_correction_is_a_new_note_pointing_at_the_old(signed, shelter_worker_ishoj):
    correction = services.do_write_note(
        user=shelter_worker_ishoj,
        citizen=signed.citizen,
        unit=signed.unit,
        kind="contact",
        text="Rettelse: samtalen handlede også om gæld.",
        occurred_on=DAY,
        sign=True,
        corrects=signed,
    )
    assert correction.corrects == signed
    assert list(signed.corrections.all()) == [correction]
    assert Note.objects.get(pk=signed.pk).text == "Samtale om boligsøgning."


def test_draft_can_be_edited_then_signed(shelter_worker_ishoj, resident_ishoj, ishoj_shelter_unit):
    draft = services.do_write_note(
        user=shelter_worker_ishoj,
        citizen=resident_ishoj,
        unit=ishoj_shelter_unit,
        kind="observation",
        text="Kladde",
        occurred_on=DAY,
    )
    services.do_edit_draft(
        user=shelter_worker_ishoj,
        note=draft,
        text="Færdig tekst",
        kind="observation",
        sensitivity="",
        occurred_on=DAY,
    )
    signed = services.do_sign_note(user=shelter_worker_ishoj, note=draft)
    assert signed.text == "Færdig tekst" and signed.is_signed


def test_sensitive_note_hidden_from_manager_shown_to_caseworker_and_writer(
    as_user,
    shelter_worker_ishoj,
    caseworker_ishoj,
    manager_ishoj,
    resident_ishoj,
    ishoj_shelter_unit,
):
    services.do_write_note(
        user=shelter_worker_ishoj,
        citizen=resident_ishoj,
        unit=ishoj_shelter_unit,
        kind="observation",
        sensitivity="substance",
        text="Fortæller om tilbagefald til kokain.",
        occurred_on=DAY,
        sign=True,
    )
    url = f"/journal/borger/{resident_ishoj.uuid}/"
    for user in (shelter_worker_ishoj, caseworker_ishoj):
        assert "tilbagefald til kokain" in as_user(user).get(url).content.decode()
    page = as_user(manager_ishoj).get(url).content.decode()
    assert "tilbagefald til kokain" not in page
    assert "Din rolle giver ikke adgang til indholdet" in page


def test_journal_of_another_municipality_is_404(as_user, caseworker_ballerup, signed):
    assert (
        as_user(caseworker_ballerup).get(f"/journal/borger/{signed.citizen.uuid}/").status_code
        == 404
    )


def test_writing_a_note_through_the_page(
    as_user, shelter_worker_ishoj, resident_ishoj, ishoj_shelter_unit
):
    response = as_user(shelter_worker_ishoj).post(
        f"/journal/borger/{resident_ishoj.uuid}/",
        {
            "kind": "meeting",
            "occurred_on": "2026-11-20",
            "text": "Netværksmøde holdt.",
            "sensitivity": "",
            "unit": ishoj_shelter_unit.pk,
            "sign": "on",
        },
    )
    assert response.status_code == 302
    note = Note.objects.get(citizen=resident_ishoj)
    assert note.is_signed and note.kind == "meeting"


def test_database_refuses_to_update_a_signed_note_even_behind_the_models_back(signed):
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic():
        Note.objects.filter(pk=signed.pk).update(text="Ændret med update()")
    assert Note.objects.get(pk=signed.pk).text == "Samtale om boligsøgning."
