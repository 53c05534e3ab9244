"""Blocks on the home page for staff who work with citizens: courses about to change phase,
overdue follow-ups after a move to own home, and citizens who got less support last week than
their offer promises. Each block costs a fixed number of queries."""

import datetime

from django.utils import timezone

from hjemvej.access import policy
from hjemvej.courses import selectors


def courses_changing_phase(request):
    if not policy.may_work_with_citizens(request.user):
        return None
    today = timezone.localdate()
    courses = list(selectors.courses_changing_phase(request.user, today)[:50])
    return {
        "title": "Forløb der snart skifter fase",
        "template": "courses/_worklist_phase.html",
        "data": {"courses": courses, "today": today},
    }


def courses_outside_limits(request):
    if not policy.may_work_with_citizens(request.user):
        return None
    courses = selectors.courses_outside_limits(request.user)
    shown = list(courses[:50])
    if not shown:
        return None
    return {
        "title": "Forløb uden for grænserne",
        "template": "courses/_worklist_limits.html",
        "data": {"courses": shown, "count": courses.count()},
    }


def overdue_followups(request):
    if not policy.may_work_with_citizens(request.user):
        return None
    today = timezone.localdate()
    return {
        "title": "Overskredne opfølgninger efter flytning",
        "template": "courses/_worklist_followups.html",
        "data": {"tasks": list(selectors.overdue_followups(request.user, today)[:50])},
    }


def support_below_entitlement(request):
    if not policy.may_work_with_citizens(request.user):
        return None
    week = selectors.week_start(timezone.localdate()) - datetime.timedelta(days=7)
    units = policy.work_units(request.user).filter(kind="offer", support_setting__isnull=False)
    rows, total = selectors.support_below(units, week, user=request.user, limit=50)
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
