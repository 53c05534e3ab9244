"""Home-page blocks: today's and this week's meetings, and reminders that could not be sent."""

from django.utils import timezone

from hjemvej.access import policy
from hjemvej.meetings import selectors


def meetings_today_and_week(request):
    if not policy.may_work_with_citizens(request.user):
        return None
    today = timezone.localdate()
    days_left = 7 - today.weekday()
    meetings = list(selectors.upcoming_for_user(request.user, today, days_left)[:100])
    return {
        "title": "Møder i dag og resten af ugen",
        "template": "meetings/_worklist_meetings.html",
        "data": {
            "today": [m for m in meetings if timezone.localtime(m.starts_at).date() == today],
            "week": [m for m in meetings if timezone.localtime(m.starts_at).date() > today],
        },
    }


def failed_reminders(request):
    if not policy.may_work_with_citizens(request.user):
        return None
    reminders = list(selectors.failed_reminders(request.user)[:50])
    if not reminders:
        return None
    return {
        "title": "Påmindelser der ikke kunne sendes",
        "template": "meetings/_worklist_failed.html",
        "data": {"reminders": reminders},
    }


def move_requests(request):
    """Meetings a citizen asked to move from their own pages."""
    if not policy.may_work_with_citizens(request.user):
        return None
    meetings = list(selectors.move_requests(request.user, timezone.now())[:50])
    if not meetings:
        return None
    return {
        "title": "Borgere der beder om at flytte et møde",
        "template": "meetings/_worklist_move_requests.html",
        "data": {"meetings": meetings},
    }


def followups_141(request):
    """The §141 follow-ups with the shelters (own and bought) due within 14 days or overdue
    and not booked: the acting municipality's authority (issue 16)."""
    if not policy.authority_municipality_ids(request.user):
        return None
    rows = selectors.follow_ups_due(request.user, timezone.localdate())
    return {
        "title": "Opfølgning (§141) med herbergerne",
        "template": "meetings/_worklist_followup_141.html",
        "data": {"rows": rows},
    }
