from django.db.models import Exists, OuterRef, Q, QuerySet

from hjemvej.access import policy
from hjemvej.journal.models import CitizenMessage, Note


def notes_for(citizen) -> QuerySet[Note]:
    """A citizen's notes, newest first, for the journal (journal/_note.html): each with its
    author and unit as shown, the date of the note it corrects, and `corrected_later`: whether
    a later note corrects it. Only the columns the journal shows are read. Through the
    citizen's own manager, each note's `citizen` is the citizen given (no join, no copy)."""
    return (
        citizen.notes.select_related("author", "unit", "corrects")
        .only(
            *("uuid", "citizen", "kind", "sensitivity", "occurred_on", "text", "signed_at"),
            *("author__username", "author__first_name", "author__last_name"),
            *("unit__name", "corrects__occurred_on"),
        )
        .annotate(corrected_later=Exists(Note.objects.filter(corrects=OuterRef("pk"))))
    )


def messages_for(citizen) -> QuerySet[CitizenMessage]:
    return CitizenMessage.objects.filter(citizen=citizen).select_related(
        "unit", "recipient", "handled_by"
    )


def open_messages(user) -> QuerySet[CitizenMessage]:
    """Messages not yet handled, to the user or to the user's units, from citizens the user
    may see."""
    return (
        CitizenMessage.objects.filter(
            handled_at__isnull=True, citizen_id__in=policy.visible_citizen_ids(user)
        )
        .filter(Q(recipient=user) | Q(unit__in=policy.own_units(user)))
        .select_related("citizen", "unit", "recipient")
        .order_by("created_at", "id")
    )
