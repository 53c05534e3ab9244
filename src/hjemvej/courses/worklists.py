"""Blocks on the home page for staff who work with citizens: courses about to change phase,
overdue follow-ups after a move to own home, and citizens who got less support last week than
their offer promises. Each block costs a fixed number of queries.

The home page shows only how many there are (its counts link to the full lists in
front/worklists.py), so the blocks count in SQL, capped at LIST_CAP ("mindst 50"), and load no
rows: at national scale a caseload holds hundreds of each."""

import datetime

from django.utils import timezone

from hjemvej.access import policy
from hjemvej.common.db import LIST_CAP, capped_count
from hjemvej.courses import selectors


def courses_changing_phase(request):
    if not policy.may_work_with_citizens(request.user):
        return None
    today = timezone.localdate()
    courses = selectors.courses_changing_phase(request.user, today)
    return {
        "title": "Forløb der snart skifter fase",
        "template": "courses/_worklist_phase.html",
        "data": {"count": capped_count(courses, LIST_CAP), "today": today},
    }


def courses_outside_limits(request):
    if not policy.may_work_with_citizens(request.user):
        return None
    count = capped_count(selectors.courses_outside_limits(request.user), LIST_CAP)
    if not count:
        return None
    return {
        "title": "Forløb uden for grænserne",
        "template": "courses/_worklist_limits.html",
        "data": {"count": count},
    }


def overdue_followups(request):
    if not policy.may_work_with_citizens(request.user):
        return None
    today = timezone.localdate()
    return {
        "title": "Overskredne opfølgninger efter flytning",
        "template": "courses/_worklist_followups.html",
        "data": {"count": capped_count(selectors.overdue_followups(request.user, today), LIST_CAP)},
    }


def support_below_entitlement(request):
    if not policy.may_work_with_citizens(request.user):
        return None
    week = selectors.week_start(timezone.localdate()) - datetime.timedelta(days=7)
    units = policy.work_units(request.user).filter(kind="offer", support_setting__isnull=False)
    rows, total = selectors.support_below(units, week, user=request.user, limit=0)
    return {
        "title": "Borgere under støttenormen i sidste uge",
        "template": "courses/_worklist_support.html",
        "data": {
            "rows": rows,
            "total": total,
            "week": week,
            "week_number": week.isocalendar()[1],
        },
    }
