from django.db.models import QuerySet

from hjemvej.access.policy import visible_citizens
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.people import cpr as cprlib
from hjemvej.people.models import Citizen, fold


def search_citizens(
    *, user, query: str, purpose: str = "Søgning efter borger"
) -> QuerySet[Citizen]:
    """Citizens the user may see that match a name or a CPR number; the search is logged with
    its criterion (a CPR number masked to the birth date)."""
    query = (query or "").strip()
    qs = visible_citizens(user).select_related("acting_municipality")
    if not query:
        return qs.order_by("last_name", "first_name")
    if cprlib.looks_like_cpr(query):
        digits = "".join(ch for ch in query if ch.isdigit())
        qs = qs.filter(cpr__startswith=digits)
        criterion = f"CPR {cprlib.mask(digits)}"
    else:
        for word in fold(query).split():
            qs = qs.filter(search_name__contains=word)
        criterion = f'navn "{query}"'
    log_event(
        action=Action.SEARCH,
        summary=f"Søgning på {criterion}",
        detail={"criterion": criterion},
        purpose=purpose,
        user=user,
    )
    return qs.order_by("last_name", "first_name")
