"""The home page's worklists in full: one paginated page per kind, filtered by the views a
caseworker asks for (mine, my unit, overdue, this week) where the kind has them.

The rows come from the apps' selectors (the same ones the home page counts with) and are drawn
with the apps' own row templates. The stays' lists (arrivals, deadlines) and support time have
pages of their own in their apps; the home page links to those."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from hjemvej.access import policy
from hjemvej.courses import selectors as courses_selectors
from hjemvej.journal.selectors import open_messages
from hjemvej.meetings import selectors as meetings_selectors
from hjemvej.meetings.models import Participant
from hjemvej.plans import selectors as plans_selectors
from hjemvej.stays import selectors as stays_selectors
from hjemvej.tracks import selectors as tracks_selectors

PER_PAGE = 50
MINE = "mine"
UNIT = "enhed"
OVERDUE = "overskredet"
WEEK = "uge"
TODAY = "i-dag"
FILTER_LABELS = {
    "": "Alle",
    TODAY: "I dag",
    WEEK: "Denne uge",
    OVERDUE: "Overskredet",
    MINE: "Mine",
    UNIT: "Min enhed",
}


def _week_end(today: datetime.date) -> datetime.date:
    """The last day of this week (Sunday)."""
    return today + datetime.timedelta(days=6 - today.weekday())


def _meetings(user, today, vis):
    qs = meetings_selectors.upcoming_for_user(user, today, 7 - today.weekday())
    if vis == TODAY:
        qs = qs.filter(starts_at__date=today)
    elif vis == MINE:
        takes_part = Participant.objects.filter(meeting=OuterRef("pk"), user=user)
        qs = qs.filter(Q(contact_person=user) | Q(Exists(takes_part)))
    elif vis == UNIT:
        qs = qs.filter(unit__in=policy.own_units(user))
    return qs, {"meetings": None, "caption": "Møder denne uge"}


def _phase(user, today, vis):
    qs = courses_selectors.courses_changing_phase(user, today)
    if vis == WEEK:
        qs = qs.filter(due__lte=_week_end(today))
    elif vis == OVERDUE:
        qs = qs.filter(due__lt=today)
    return qs, {"courses": None, "today": today}


def _limits(user, today, vis):
    return courses_selectors.courses_outside_limits(user), {"courses": None}


def _followups(user, today, vis):
    return courses_selectors.overdue_followups(user, today), {"tasks": None}


class _PlanFollowUps:
    """The plans' follow-ups as a sequence the pager slices: each page asks the selector for
    its own rows (offset, limit), so a long list is never loaded whole."""

    def __init__(self, user, today: datetime.date, due_until: datetime.date | None):
        self.args = (user, today)
        self.due_until = due_until
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            _, self._count = plans_selectors.follow_up_worklist(
                *self.args, limit=0, due_until=self.due_until
            )
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start = index.start or 0
        stop = self.count() if index.stop is None else index.stop
        items, _ = plans_selectors.follow_up_worklist(
            *self.args, limit=max(stop - start, 0), offset=start, due_until=self.due_until
        )
        return items


def _plans(user, today, vis):
    due_until = {
        OVERDUE: today - datetime.timedelta(days=1),
        WEEK: _week_end(today),
    }.get(vis)
    rows = _PlanFollowUps(user, today, due_until)
    return rows, {"items": None, "total": rows.count()}


def _messages(user, today, vis):
    qs = open_messages(user)
    if vis == MINE:
        qs = qs.filter(recipient=user)
    elif vis == UNIT:
        qs = qs.filter(recipient__isnull=True)
    return qs, {"messages": None, "user": user}


def _move_requests(user, today, vis):
    return meetings_selectors.move_requests(user, timezone.now()), {"meetings": None}


def _failed(user, today, vis):
    return meetings_selectors.failed_reminders(user), {"reminders": None}


def _reimbursement(user, today, vis):
    # Bounded by the shelters' rooms (stays.selectors.worklist): one page.
    wl = stays_selectors.worklist(user=user, today=today)
    return wl.reimbursement, {"rows": None, "part": "reimbursement"}


def _bring_home(user, today, vis):
    qs = stays_selectors.bring_home_due(user, today)
    if vis == OVERDUE:
        qs = qs.filter(target_date__lt=today)
    elif vis == MINE:
        qs = qs.filter(responsible=user)
    return qs, {"placements": None, "today": today}


def _followups_141(user, today, vis):
    # The shelters' citizens whose §141 follow-up is due within 14 days (issue 16).
    # Paged: each page loads its own rows (meetings.selectors.FollowUpsDue).
    return meetings_selectors.FollowUpsDue(user, today), {"rows": None}


def _long_stays(user, today, vis):
    wl = stays_selectors.worklist(user=user, today=today)
    return wl.long_stays, {"rows": None, "part": "long_stays"}


def _track_steps(user, today, vis):
    qs = tracks_selectors.overdue_steps(user, today)
    if vis == MINE:
        qs = tracks_selectors.mine(qs, user)
    elif vis == UNIT:
        qs = qs.filter(track__unit__in=policy.own_units(user))
    return qs, {"steps": None, "today": today}


# Each full list: its key (URL), title, the filters it has, the rows and the row template.
WORKLISTS: dict[str, dict] = {
    "moeder": {
        "title": "Møder denne uge",
        "filters": ["", TODAY, MINE, UNIT],
        "rows": _meetings,
        "template": "meetings/_meeting_table.html",
    },
    "planer": {
        "title": "Opfølgning på planer og delmål",
        "filters": ["", WEEK, OVERDUE],
        "rows": _plans,
        "template": "plans/_worklist.html",
    },
    "faseskift": {
        "title": "Forløb der snart skifter fase",
        "filters": ["", WEEK, OVERDUE],
        "rows": _phase,
        "template": "courses/_worklist_phase.html",
    },
    "graenser": {
        "title": "Forløb uden for grænserne",
        "filters": [],
        "rows": _limits,
        "template": "courses/_worklist_limits.html",
    },
    "opfoelgninger": {
        "title": "Overskredne opfølgninger efter flytning",
        "filters": [],
        "rows": _followups,
        "template": "courses/_worklist_followups.html",
    },
    "spor": {
        "title": "Overskredne trin i spor",
        "filters": ["", MINE, UNIT],
        "rows": _track_steps,
        "template": "tracks/_worklist_overdue.html",
    },
    "beskeder": {
        "title": "Beskeder fra borgere",
        "filters": ["", MINE, UNIT],
        "rows": _messages,
        "template": "journal/_worklist_messages.html",
    },
    "flytteoensker": {
        "title": "Borgere der beder om at flytte et møde",
        "filters": [],
        "rows": _move_requests,
        "template": "meetings/_worklist_move_requests.html",
    },
    "paamindelser": {
        "title": "Påmindelser der ikke kunne sendes",
        "filters": [],
        "rows": _failed,
        "template": "meetings/_worklist_failed.html",
    },
    "refusion": {
        "title": "Ophold nær refusionsgrænsen",
        "filters": [],
        "rows": _reimbursement,
        "template": "front/_stays_part.html",
    },
    "hjemtagning": {
        "title": "Hjemtagningsplaner med måldato inden for 30 dage eller overskredet",
        "filters": ["", OVERDUE, MINE],
        "rows": _bring_home,
        "template": "stays/_worklist_placements.html",
    },
    "opfoelgning-141": {
        "title": "Opfølgning (§141) med herbergerne",
        "filters": [],
        "rows": _followups_141,
        "template": "meetings/_worklist_followup_141.html",
    },
    "lange-ophold": {
        "title": "Lange ophold",
        "filters": [],
        "rows": _long_stays,
        "template": "front/_stays_part.html",
    },
}


@login_required
def worklist(request, key):
    entry = WORKLISTS.get(key)
    if entry is None or not policy.may_work_with_citizens(request.user):
        raise Http404
    vis = request.GET.get("vis", "")
    if vis not in entry["filters"]:
        vis = ""
    today = timezone.localdate()
    rows, data = entry["rows"](request.user, today, vis)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("side"))
    shown = list(page.object_list)
    # The row templates take their rows under their own name ("meetings", "courses" …).
    for name, value in data.items():
        if value is None:
            data[name] = shown
    data["next"] = request.get_full_path()
    return render(
        request,
        "front/worklist.html",
        {
            "key": key,
            "title": entry["title"],
            "template": entry["template"],
            "data": data,
            "meetings": data.get("meetings"),
            "caption": entry["title"],
            "page": page,
            "vis": vis,
            "filters": [
                {"key": f, "label": FILTER_LABELS[f], "current": f == vis} for f in entry["filters"]
            ],
            "query": f"vis={vis}&" if vis else "",
        },
    )
