from dataclasses import dataclass

from django.db.models import QuerySet

from hjemvej.access.policy import visible_citizens
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
        log_search(criterion=self.criterion, shown=list(shown), purpose=purpose, user=user)


def search_citizens(*, user, query: str) -> CitizenSearch:
    query = (query or "").strip()
    qs = visible_citizens(user).select_related("acting_municipality")
    if not query:
        return CitizenSearch(qs.order_by("last_name", "first_name"), "alle borgere")
    if cprlib.looks_like_cpr(query):
        digits = "".join(ch for ch in query if ch.isdigit())
        qs = qs.filter(cpr__startswith=digits)
        criterion = f"CPR {cprlib.mask(digits)}"
    else:
        for word in fold(query).split():
            qs = qs.filter(search_name__contains=word)
        criterion = f'navn "{query}"'
    return CitizenSearch(qs.order_by("last_name", "first_name"), criterion)
