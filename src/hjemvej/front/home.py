"""The staff home page: the search box, then a worklist — a count per kind of work, each a link
to its full, filtered, paginated list — and a handful of rows for today (meetings, citizens
opened lately). The apps' worklist functions give the rows, in this order."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from hjemvej.access import policy
from hjemvej.accounts.models import Role
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
HOME_SECTIONS: list[dict[str, Any]] = [
    {"section": recent_citizens_section, "rows": ""},
    {"section": meetings_worklists.meetings_today_and_week, "counts": _meetings},
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


@login_required
def home(request):
    user = request.user
    roles = policy.roles(user)
    counts: list[dict] = []
    blocks: list[dict] = []
    today_meetings = None
    for entry in HOME_SECTIONS:
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
            "today_meetings": today_meetings[:HOME_ROWS] if today_meetings is not None else None,
            "today_meetings_more": today_meetings is not None and len(today_meetings) > HOME_ROWS,
            "sections": blocks,
        },
    )
