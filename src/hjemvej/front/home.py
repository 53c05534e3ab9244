"""The staff home page: the search box, then a worklist — a count per kind of work, each a link
to its full, filtered, paginated list — and a handful of rows for today (meetings, citizens
opened lately). The apps' worklist functions give the rows, in this order.

The worklist's counts (all but today's meetings) are worked out at most once a minute per user
(settings.HOME_COUNTS_SECONDS) and held in the cache, which all app servers share; the page
says when they were worked out and has a button to work them out now. Each of them searches
the user's whole caseload (at national scale, a municipality of 3,000 citizens): worked out on
every visit, they made the page 6–8 times as slow as a trivial one (docs/architecture.md).
A change the user makes (any POST, PUT, PATCH or DELETE) forgets them, so the user's own work
counts at once; colleagues' changes count within the minute. The full lists behind the counts
are always read live."""

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hjemvej.access import policy
from hjemvej.accounts.models import Role
from hjemvej.accounts.selectors import memberships
from hjemvej.common.db import LIST_CAP
from hjemvej.courses import worklists as courses_worklists
from hjemvej.journal import worklists as journal_worklists
from hjemvej.meetings import worklists as meetings_worklists
from hjemvej.people.home import recent_citizens_section
from hjemvej.plans import sections as plans_sections
from hjemvej.stays.views import home_section as stays_home_section
from hjemvej.stays.views_placements import bring_home_section
from hjemvej.tracks import worklists as tracks_worklists

# No block on the home page lists more than this many rows; the counts link to the rest.
HOME_ROWS = 5


def _w(key: str, vis: str = "") -> str:
    url = reverse("worklist", args=[key])
    return f"{url}?vis={vis}" if vis else url


def _count(label, n, url, *, cap=LIST_CAP, urgent=False) -> dict:
    return {
        "label": label,
        "count": n,
        "at_least": cap is not None and n >= cap,
        "url": url,
        "urgent": urgent and n > 0,
    }


def _plans(d):
    return [_count("Opfølgning på planer og delmål", d["total"], _w("planer"))]


def _phase(d):
    return [_count("Forløb der snart skifter fase", d["count"], _w("faseskift"))]


def _followups(d):
    n = d["count"]
    return [_count("Overskredne opfølgninger efter flytning", n, _w("opfoelgninger"), urgent=True)]


def _limits(d):
    return [_count("Forløb uden for grænserne", d["count"], _w("graenser"))]


def _support(d):
    return [
        _count(
            f"Borgere under støttenormen i uge {d['week_number']}",
            d["total"],
            reverse("courses:support_overview"),
            cap=None,
        )
    ]


def _meetings(d):
    return [
        {
            **_count("Møder i dag", d["today_count"], _w("moeder", "i-dag"), cap=None),
            "at_least": d["capped"],
        },
        {
            **_count("Møder denne uge", d["week_count"], _w("moeder"), cap=None),
            "at_least": d["capped"],
        },
    ]


def _track_steps(d):
    return [_count("Overskredne trin i spor", d["count"], _w("spor"), urgent=True)]


def _move(d):
    return [_count("Borgere der beder om at flytte et møde", d["count"], _w("flytteoensker"))]


def _failed(d):
    n = d["count"]
    return [_count("Påmindelser der ikke kunne sendes", n, _w("paamindelser"), urgent=True)]


def _followups_141(d):
    return [_count("Opfølgning (§141) med herbergerne", d["count"], _w("opfoelgning-141"))]


def _messages(d):
    return [_count("Beskeder fra borgere", d["count"], _w("beskeder"))]


def _stays(d):
    wl = d["wl"]
    worklist = lambda kind: reverse("stays:worklist", args=[kind])  # noqa: E731
    return [
        _count(
            "Overskredne frister", wl.overdue_count, worklist("overskredne"), cap=None, urgent=True
        ),
        _count("Åbne frister", wl.open_tasks_count, worklist("frister"), cap=None),
        _count("Nye ankomster (7 dage)", wl.arrivals_count, worklist("ankomster"), cap=None),
        _count("Ophold nær refusionsgrænsen", wl.reimbursement_count, _w("refusion")),
        _count("Lange ophold (over 12 måneder)", wl.long_stays_count, _w("lange-ophold")),
    ]


def _bring_home(d):
    return [
        _count(
            "Hjemtagningsplaner med måldato inden for 30 dage eller overskredet",
            len(d["targets"]),
            _w("hjemtagning"),
            urgent=d["overdue"] > 0,
        )
    ]


# Each section: a function (request) -> dict | None with "title", "template" and "data" (None
# leaves it out for this user) and how the home page shows it: as counts (a function of the
# data to rows of the worklist) or as a handful of rows (the data's list cut to HOME_ROWS).
# These are read on every visit: the user's own recent citizens and today's meetings.
LIVE_SECTIONS: list[dict[str, Any]] = [
    {"section": recent_citizens_section, "rows": ""},
    {"section": meetings_worklists.meetings_today_and_week, "counts": _meetings},
]
# These give only counts, held for HOME_COUNTS_SECONDS (see the module's docstring).
COUNTED_SECTIONS: list[dict[str, Any]] = [
    {"section": stays_home_section, "counts": _stays},
    {"section": plans_sections.follow_up_worklist, "counts": _plans},
    {"section": courses_worklists.courses_changing_phase, "counts": _phase},
    {"section": courses_worklists.courses_outside_limits, "counts": _limits},
    {"section": courses_worklists.overdue_followups, "counts": _followups},
    {"section": courses_worklists.support_below_entitlement, "counts": _support},
    {"section": tracks_worklists.overdue_steps, "counts": _track_steps},
    {"section": meetings_worklists.followups_141, "counts": _followups_141},
    {"section": meetings_worklists.move_requests, "counts": _move},
    {"section": meetings_worklists.failed_reminders, "counts": _failed},
    {"section": journal_worklists.messages_from_citizens, "counts": _messages},
    {"section": bring_home_section, "counts": _bring_home},
]


def _counts_key(user) -> str:
    return f"hjemvej:home-counts:{user.pk}"


def _counts_stamp(user) -> tuple:
    """What held counts must have been worked out for: the same day (deadlines fall due at
    midnight) and the same roles in the same units (a role taken away takes its counts)."""
    roles = sorted((m.role, m.unit_id) for m in memberships(user))
    return (timezone.localdate().isoformat(), roles)


def worklist_counts(request) -> list[dict]:
    """The counted sections' rows of the worklist, worked out now."""
    counts: list[dict] = []
    for entry in COUNTED_SECTIONS:
        section = entry["section"](request)
        if section:
            counts.extend(entry["counts"](section["data"]))
    return counts


def held_worklist_counts(request) -> tuple[list[dict], Any]:
    """(the counted sections' rows, when they were worked out): the held ones when they are at
    most HOME_COUNTS_SECONDS old and were worked out for this user's day and roles, else
    worked out now and held."""
    seconds = settings.HOME_COUNTS_SECONDS
    if seconds <= 0:
        return worklist_counts(request), timezone.now()
    user = request.user
    key, stamp = _counts_key(user), _counts_stamp(user)
    held = cache.get(key)
    if held is not None and held["stamp"] == stamp:
        return held["counts"], held["at"]
    counts, at = worklist_counts(request), timezone.now()
    if counts:  # none (an analyst, an administrator): nothing worked out, nothing to hold
        cache.set(key, {"stamp": stamp, "counts": counts, "at": at}, seconds)
    return counts, at


def forget_worklist_counts(user) -> None:
    """The user's next home page works its counts out anew."""
    if settings.HOME_COUNTS_SECONDS > 0:
        cache.delete(_counts_key(user))


class ForgetCountsOnChangeMiddleware:
    """A staff user's change (a request that is not GET, HEAD, OPTIONS or TRACE, by a logged-in
    user) forgets their held home page counts, so their own work counts at once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            request.method not in ("GET", "HEAD", "OPTIONS", "TRACE")
            and user is not None
            and user.is_authenticated
            and policy.is_staff_user(user)
        ):
            forget_worklist_counts(user)
        return response


@login_required
@require_POST
def refresh_counts(request):
    """ "Opdatér tallene": the counts are worked out anew on the home page it leads back to."""
    forget_worklist_counts(request.user)
    return HttpResponseRedirect(reverse("home"))


@login_required
def home(request):
    user = request.user
    roles = policy.roles(user)
    counts: list[dict] = []
    blocks: list[dict] = []
    today_meetings = None
    for entry in LIVE_SECTIONS:
        section = entry["section"](request)
        if not section:
            continue
        if "counts" in entry:
            counts.extend(entry["counts"](section["data"]))
            if entry["section"] is meetings_worklists.meetings_today_and_week:
                today_meetings = section["data"]["today"]
        else:
            rows = section["data"]
            blocks.append({**section, "data": rows[:HOME_ROWS], "more": len(rows) > HOME_ROWS})
    held, counts_at = held_worklist_counts(request) if policy.is_staff_user(user) else ([], None)
    counts.extend(held)
    return render(
        request,
        "accounts/home.html",
        {
            "roles": [Role(r).label for r in sorted(roles)],
            "is_caseworker": policy.is_caseworker(user),
            "is_offer_staff": policy.is_offer_worker(user),
            "is_manager": policy.is_manager(user),
            "is_analyst": policy.is_analyst(user),
            "is_administrator": policy.is_administrator(user),
            "may_work_with_citizens": policy.may_work_with_citizens(user),
            "may_create": policy.may_create_citizens(user),
            "worklist": counts,
            "worklist_at": counts_at if held and settings.HOME_COUNTS_SECONDS > 0 else None,
            "worklist_seconds": settings.HOME_COUNTS_SECONDS,
            "today_meetings": today_meetings[:HOME_ROWS] if today_meetings is not None else None,
            "today_meetings_more": today_meetings is not None and len(today_meetings) > HOME_ROWS,
            "sections": blocks,
        },
    )
