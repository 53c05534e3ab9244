from django.db.models import QuerySet

from hjemvej.access import policy
from hjemvej.accounts.models import Role
from hjemvej.courses.selectors import own_units
from hjemvej.journal.models import CitizenMessage, Note


def may_read_sensitive(user, note: Note, grant) -> bool:
    """Health and substance-use notes are for those who work with the citizen on them: the
    author, the citizen's caseworkers and the staff of the unit that wrote the note — not
    managers, analysts or a break-the-glass access."""
    if grant is None or grant.break_glass:
        return False
    if note.author_id == user.pk:
        return True
    mships = policy.memberships(user)
    if any(
        m.role == Role.CASEWORKER and m.unit.municipality_id == note.citizen.acting_municipality_id
        for m in mships
    ):
        return True
    return any(m.role == Role.OFFER_STAFF and m.unit_id == note.unit_id for m in mships)


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
    from django.db.models import Q

    return (
        CitizenMessage.objects.filter(
            handled_at__isnull=True, citizen__in=policy.visible_citizens(user)
        )
        .filter(Q(recipient=user) | Q(unit__in=own_units(user)))
        .select_related("citizen", "unit", "recipient")
        .order_by("created_at", "id")
    )
