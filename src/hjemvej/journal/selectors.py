from django.db.models import Q, QuerySet

from hjemvej.access import policy
from hjemvej.journal.models import CitizenMessage, Note


def notes_for(citizen) -> QuerySet[Note]:
    return (
        Note.objects.filter(citizen=citizen)
        .select_related("author", "unit", "corrects", "citizen")
        .prefetch_related("corrections")
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
