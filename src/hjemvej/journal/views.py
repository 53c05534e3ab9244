from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hjemvej.access import policy
from hjemvej.common.forms import apply_errors
from hjemvej.journal import services
from hjemvej.journal.forms import NoteForm
from hjemvej.journal.models import CitizenMessage, Note
from hjemvej.journal.selectors import messages_for, notes_for

NOTES_PER_PAGE = 50


def _visible_rows(user, citizen, grant, notes):
    """Each note with whether the user may read it. Drafts are shown only to their author."""
    rows = []
    for note in notes:
        if not note.is_signed and note.author_id != user.pk:
            continue
        readable = not note.is_sensitive or policy.may_read_sensitive_note(user, note, grant)
        rows.append({"note": note, "readable": readable})
    return rows


def citizen_section(request, citizen):
    if not policy.may_work_with_citizens(request.user):
        return None
    grant = policy.grant_for(request.user, citizen)
    rows = _visible_rows(request.user, citizen, grant, notes_for(citizen)[:20])[:5]
    return {
        "title": "Journal",
        "template": "journal/_citizen_section.html",
        "data": {"citizen": citizen, "rows": rows},
    }


@login_required
def journal(request, citizen_uuid):
    citizen, grant = policy.access_citizen(request.user, citizen_uuid, what="Borgerens journal")
    may_write = policy.may_edit_citizen(request.user, citizen)
    # The form (and its units' query) only for those who may write.
    form = (
        NoteForm(
            request.POST or None,
            units=policy.own_units(request.user),
            initial={"occurred_on": timezone.localdate()},
        )
        if may_write
        else None
    )
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.do_write_note(user=request.user, citizen=citizen, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "Notatet er gemt.")
                return redirect("journal:journal", citizen_uuid=citizen.uuid)
    # A citizen with years of history has thousands of notes: show them 50 at a time.
    page = Paginator(notes_for(citizen), NOTES_PER_PAGE).get_page(request.GET.get("side"))
    page.object_list = list(page.object_list)  # one query for the page, however it is used
    return render(
        request,
        "journal/journal.html",
        {
            "citizen": citizen,
            "page": page,
            "rows": _visible_rows(request.user, citizen, grant, page.object_list),
            "citizen_messages": list(messages_for(citizen)[:50]),
            "form": form,
            "may_write": may_write,
        },
    )


def _note_for(request, note_uuid, what) -> Note:
    note, grant = policy.access_object(
        request.user, Note.objects.select_related("citizen"), note_uuid, what=what
    )
    if not policy.may_edit_citizen(request.user, note.citizen):
        raise Http404
    if note.is_sensitive and not policy.may_read_sensitive_note(request.user, note, grant):
        raise Http404
    return note


@login_required
@require_POST
def sign(request, note_uuid):
    note = _note_for(request, note_uuid, "Underskriv journalnotat")
    try:
        services.do_sign_note(user=request.user, note=note)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Notatet er underskrevet og kan ikke længere ændres.")
    return redirect("journal:journal", citizen_uuid=note.citizen.uuid)


@login_required
def edit_or_correct(request, note_uuid):
    """A draft is edited; a signed note gets a correction (a new note pointing at it)."""
    note = _note_for(request, note_uuid, "Ret journalnotat")
    correcting = note.is_signed
    if not correcting and note.author_id != request.user.pk:
        raise Http404
    initial = {
        "kind": note.kind,
        "occurred_on": note.occurred_on if not correcting else timezone.localdate(),
        "text": note.text,
        "sensitivity": note.sensitivity,
        "unit": note.unit_id,
    }
    form = NoteForm(request.POST or None, units=policy.own_units(request.user), initial=initial)
    if correcting:
        form.fields["sign"].initial = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if correcting:
                services.do_write_note(
                    user=request.user, citizen=note.citizen, corrects=note, **data
                )
            else:
                sign_now = data.pop("sign")
                data.pop("unit")
                note = services.do_edit_draft(user=request.user, note=note, **data)
                if sign_now:
                    services.do_sign_note(user=request.user, note=note)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Rettelsen er gemt." if correcting else "Kladden er gemt.")
            return redirect("journal:journal", citizen_uuid=note.citizen.uuid)
    return render(
        request,
        "journal/note_form.html",
        {"form": form, "note": note, "citizen": note.citizen, "correcting": correcting},
    )


@login_required
@require_POST
def message_handled(request, message_uuid):
    message, _ = policy.access_object(
        request.user,
        CitizenMessage.objects.select_related("citizen"),
        message_uuid,
        what="Besked fra borgeren",
    )
    if not policy.may_edit_citizen(request.user, message.citizen):
        raise Http404
    try:
        services.do_mark_message_handled(user=request.user, message=message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Beskeden er markeret som behandlet.")
    return redirect("journal:journal", citizen_uuid=message.citizen.uuid)
