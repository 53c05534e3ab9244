"""The home-page block with overdue steps on the citizens' tracks: a count (capped at LIST_CAP,
"mindst 50") in one query; the rows are front/worklists.py's page."""

from django.utils import timezone

from hjemvej.access import policy
from hjemvej.common.db import LIST_CAP, capped_count
from hjemvej.tracks import selectors


def overdue_steps(request):
    if not policy.may_work_with_citizens(request.user):
        return None
    today = timezone.localdate()
    return {
        "title": "Overskredne trin i spor",
        "template": "tracks/_worklist_overdue.html",
        "data": {
            "count": capped_count(selectors.overdue_steps(request.user, today), LIST_CAP),
            "today": today,
        },
    }
