"""The home-page block with overdue steps on the citizens' tracks (a fixed number of queries)."""

from django.utils import timezone

from hjemvej.access import policy
from hjemvej.tracks import selectors


def overdue_steps(request):
    if not policy.may_work_with_citizens(request.user):
        return None
    today = timezone.localdate()
    return {
        "title": "Overskredne trin i spor",
        "template": "tracks/_worklist_overdue.html",
        "data": {"steps": list(selectors.overdue_steps(request.user, today)[:50]), "today": today},
    }
