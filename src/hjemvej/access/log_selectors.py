"""Reads for the managers' review of the audit log."""

from django.db.models import Q, QuerySet

from hjemvej.access import policy
from hjemvej.accounts.models import Membership
from hjemvej.audit.models import AuditEntry
from hjemvej.people.models import Citizen


def entries_for_manager(user) -> QuerySet[AuditEntry]:
    """The log rows a manager may review: those made by staff of the manager's municipalities,
    and those about the citizens of those municipalities."""
    municipality_ids = policy.managed_municipality_ids(user)
    if not municipality_ids:
        return AuditEntry.objects.none()
    staff_ids = Membership.objects.filter(unit__municipality_id__in=municipality_ids).values(
        "user_id"
    )
    citizen_uuids = Citizen.objects.filter(acting_municipality_id__in=municipality_ids).values(
        "uuid"
    )
    return AuditEntry.objects.filter(Q(actor_id__in=staff_ids) | Q(citizen_uuid__in=citizen_uuids))
