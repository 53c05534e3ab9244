import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from hjemvej.access.policy import visible_citizens
from hjemvej.audit.models import Action, AuditEntry
from hjemvej.audit.services import log_search
from hjemvej.people import cpr as cprlib
from hjemvej.people.models import Citizen, fold


@dataclass
class CitizenSearch:
    """Citizens the user may see that match a name or a CPR number. Call `log` with the citizens
    actually shown (the page), so the search is logged with its criterion — a CPR number masked
    to the birth date — and each citizen it showed."""

    queryset: QuerySet[Citizen]
    criterion: str

    def log(self, *, user, shown, purpose: str = "Søgning efter borger") -> None:
        log_search(criterion=self.criterion, shown=list(shown), purpose=purpose)


def search_citizens(*, user, query: str) -> CitizenSearch:
    """The criterion narrows the visible citizens inside the visibility rule (`among`), so that
    PostgreSQL limits each part of it by the name or number before it joins them."""
    query = (query or "").strip()
    among = None
    criterion = "alle borgere"
    if query and cprlib.looks_like_cpr(query):
        digits = "".join(ch for ch in query if ch.isdigit())
        among = Q(cpr__startswith=digits)
        criterion = f"CPR {cprlib.mask(digits)}"
    elif query:
        among = Q(*(Q(search_name__contains=word) for word in fold(query).split()))
        criterion = f'navn "{query}"'
    qs = visible_citizens(user, among=among).select_related("acting_municipality")
    # The key last: citizens with the same name keep one order, so no page repeats or skips one.
    return CitizenSearch(qs.order_by("last_name", "first_name", "pk"), criterion)


RECENT_DAYS = 14


def recently_opened(*, user, limit: int = 8) -> list[Citizen]:
    """The citizens this user opened most recently (from the audit log), still visible to them.
    Only the last RECENT_DAYS days are read: the audit log grows for years, and the home page
    must not aggregate a user's whole history (the (action, at) index bounds the scan)."""
    from django.db.models import Max

    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    recent = (
        AuditEntry.objects.filter(
            action=Action.READ, at__gte=since, actor_id=user.pk, citizen_uuid__isnull=False
        )
        .values("citizen_uuid")
        .annotate(last=Max("at"))
        .order_by("-last")[: limit * 2]
    )
    order = {row["citizen_uuid"]: i for i, row in enumerate(recent)}
    # The visibility rule checked citizen by citizen for these few (a correlated EXISTS), not
    # by listing every citizen the user may see (thousands at national scale) to match them.
    visible = visible_citizens(user).filter(pk=OuterRef("pk"))
    citizens = Citizen.objects.filter(Exists(visible), uuid__in=list(order)).select_related(
        "acting_municipality"
    )
    return sorted(citizens, key=lambda c: order[c.uuid])[:limit]
