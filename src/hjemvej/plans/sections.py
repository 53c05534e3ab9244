"""The plans' blocks on the citizen overview and on the home page (the follow-up worklist)."""

from django.utils import timezone

from hjemvej.access import policy
from hjemvej.common.db import LIST_CAP
from hjemvej.plans import selectors


def citizen_section(request, citizen):
    today = timezone.localdate()
    grant = policy.grant_for(request.user, citizen)
    if grant is None:
        return None
    plans = selectors.plans_for_citizen(citizen, grant=grant)
    rows = []
    for plan in plans:
        dues = selectors.plan_dues(plan) if plan.shown_whole else []  # the authority's own
        rows.append(
            {
                "plan": plan,
                "next_due": dues[0] if dues else None,
                "overdue": sum(1 for d in dues if d.overdue(today)),
            }
        )
    return {
        "title": "Planer, mål og udredninger",
        "template": "plans/_citizen_section.html",
        "data": {
            "citizen": citizen,
            "rows": rows,
            "assessments": selectors.assessments_for_citizen(citizen, grant=grant)[:3],
            "may_edit": policy.may_edit_citizen(request.user, citizen),
        },
    }


def follow_up_worklist(request):
    user = request.user
    if not policy.may_work_with_citizens(user):
        return None
    # The home page shows the count only (the rows are front/worklists.py's pages): limit=0
    # loads no row as an object.
    # Counted no further than the home page's cap: a count that high reads "mindst 50".
    items, total = selectors.follow_up_worklist(
        user, timezone.localdate(), limit=0, count_cap=LIST_CAP
    )
    return {
        "title": "Opfølgning på planer og delmål",
        "template": "plans/_worklist.html",
        "data": {"items": items, "total": total},
    }
