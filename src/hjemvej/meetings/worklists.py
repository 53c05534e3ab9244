"""Home-page blocks: today's and this week's meetings, and reminders that could not be sent.
The home page shows today's first meetings and counts the rest (capped in SQL, see
common.db.capped_count); the full lists are in front/worklists.py."""

from django.utils import timezone

from hjemvej.access import policy
from hjemvej.common.db import LIST_CAP, capped_count
from hjemvej.meetings import selectors

# Today's meetings: the home page shows this many and links to the rest.
TODAY_ROWS = 5
# The week's meetings are counted no further than this ("mindst 100").
WEEK_CAP = 100


def meetings_today_and_week(request):
    if not policy.may_work_with_citizens(request.user):
        return None
    today = timezone.localdate()
    days_left = 7 - today.weekday()
    # The week's start times only (at most WEEK_CAP), and today's first meetings as rows: the
    # week's list is in time order, so today's meetings are its first `today_count` rows (no
    # second query when there are none).
    week = selectors.upcoming_for_user(request.user, today, days_left)
    starts = list(week.values_list("starts_at", flat=True)[:WEEK_CAP])
    today_count = sum(1 for s in starts if timezone.localtime(s).date() == today)
    # One more than shown: the home page links to the rest when there are more.
    todays = list(week[: min(today_count, TODAY_ROWS + 1)]) if today_count else []
    return {
        "title": "Møder i dag og resten af ugen",
        "template": "meetings/_worklist_meetings.html",
        "data": {
            "today": todays,
            "today_count": today_count,
            "week_count": len(starts),
            "capped": len(starts) >= WEEK_CAP,
        },
    }


def failed_reminders(request):
    if not policy.may_work_with_citizens(request.user):
        return None
    count = capped_count(selectors.failed_reminders(request.user), LIST_CAP)
    if not count:
        return None
    return {
        "title": "Påmindelser der ikke kunne sendes",
        "template": "meetings/_worklist_failed.html",
        "data": {"count": count},
    }


def move_requests(request):
    """Meetings a citizen asked to move from their own pages."""
    if not policy.may_work_with_citizens(request.user):
        return None
    count = capped_count(selectors.move_requests(request.user, timezone.now()), LIST_CAP)
    if not count:
        return None
    return {
        "title": "Borgere der beder om at flytte et møde",
        "template": "meetings/_worklist_move_requests.html",
        "data": {"count": count},
    }


def followups_141(request):
    """The §141 follow-ups with the shelters (own and bought) due within 14 days or overdue
    and not booked: the acting municipality's authority (issue 16)."""
    if not policy.authority_municipality_ids(request.user):
        return None
    # A count only (at most LIST_CAP): the rows are on the worklist page, page by page.
    count = selectors.follow_ups_due_count(request.user, timezone.localdate(), LIST_CAP)
    return {
        "title": "Opfølgning (§141) med herbergerne",
        "template": "meetings/_worklist_followup_141.html",
        "data": {"count": count},
    }
