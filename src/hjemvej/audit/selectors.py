"""Reads of the log that more than one app shows: the citizen's view of who has used their data
(on Mine sider, and in the export the citizen gets on a request for insight)."""

from django.db.models import QuerySet

from hjemvej.audit.context import CITIZEN_ACTOR_NAME
from hjemvej.audit.models import Action, AuditEntry

# What a citizen sees of the log: staff's uses of their data, not the citizen's own clicks, and
# not the refused attempts (those are for the managers' spot checks).
VISIBLE_TO_CITIZEN = [
    Action.READ,
    Action.SEARCH,
    Action.CREATE,
    Action.CHANGE,
    Action.DELETE,
    Action.EXPORT,
    Action.BREAK_GLASS,
]


def uses_of_my_data(citizen_uuid) -> QuerySet[AuditEntry]:
    """Who has looked at the citizen's data: date, unit and purpose — never the staff member's
    name (the Danish Data Protection Agency's practice)."""
    return (
        AuditEntry.objects.filter(citizen_uuid=citizen_uuid, action__in=VISIBLE_TO_CITIZEN)
        .exclude(actor_username=CITIZEN_ACTOR_NAME)
        .only("at", "actor_unit", "action", "summary", "purpose")
        .order_by("-at", "-id")
    )
