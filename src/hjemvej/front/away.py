"""The authority's board of its citizens wherever they stay (issue 16): every open stay of the
citizens whose acting municipality the user is the authority of, at the municipality's own
offers and at those it buys, with the cost so far and the §141 follow-up with the shelter."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from hjemvej.access import policy
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.meetings import selectors as meetings_selectors

PER_PAGE = 50
BOUGHT = "koebte"


@login_required
def citizens_at_offers(request):
    if not policy.authority_municipality_ids(request.user):
        raise Http404
    today = timezone.localdate()
    vis = request.GET.get("vis", "")
    if vis != BOUGHT:
        vis = ""
    stays = meetings_selectors.citizens_at_offers(request.user, today, bought_only=vis == BOUGHT)
    page = Paginator(stays, PER_PAGE).get_page(request.GET.get("side"))
    rows = meetings_selectors.away_rows(page.object_list, today)
    log_event(
        action=Action.READ,
        summary="Oversigt: borgere på tilbud",
        detail={"shown": len(rows), "page": page.number, "bought_only": vis == BOUGHT},
        purpose="Myndighedens opfølgning på borgere i tilbud",
    )
    return render(
        request,
        "front/citizens_at_offers.html",
        {"page": page, "rows": rows, "vis": vis, "today": today},
    )
