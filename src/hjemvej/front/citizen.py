"""The citizen page: a summary first, then one tab per section (each its own URL, so the page
works without JavaScript; htmx swaps the panel when it is there), a timeline of events and the
citizen's personal data. The sections come from the apps, in this order."""

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hjemvej.access import policy
from hjemvej.courses.views import citizen_section as courses_section
from hjemvej.deadlines.models import Task
from hjemvej.front import timeline
from hjemvej.housing.views import citizen_section as housing_section
from hjemvej.housing.views import income_section
from hjemvej.journal.views import citizen_section as journal_section
from hjemvej.meetings.models import Meeting
from hjemvej.meetings.selectors import meetings_for_citizen
from hjemvej.meetings.views import citizen_section as meetings_section
from hjemvej.people.forms import CprRevealForm
from hjemvej.plans.sections import citizen_section as plans_section
from hjemvej.post.views import citizen_section as post_section
from hjemvej.rights.views import citizen_section as rights_section
from hjemvej.stays.models import Flag, Stay
from hjemvej.stays.views import citizen_section as stays_section
from hjemvej.tracks.views import citizen_section as tracks_section

# Each section: a URL key, the tab's label and a function (request, citizen) -> dict | None
# with "title", "template" and "data"; None shows "nothing here" for this user.
CITIZEN_SECTIONS: list[dict[str, Any]] = [
    {"key": "planer", "label": "Planer", "section": plans_section},
    {"key": "forloeb", "label": "Forløb", "section": courses_section},
    {"key": "spor", "label": "Spor", "section": tracks_section},
    {"key": "moeder", "label": "Møder", "section": meetings_section},
    {"key": "journal", "label": "Journal", "section": journal_section},
    {"key": "ophold", "label": "Ophold", "section": stays_section},
    {"key": "bolig", "label": "Bolig", "section": housing_section},
    {"key": "indkomst", "label": "Indkomst", "section": income_section},
    {"key": "breve", "label": "Breve", "section": post_section},
    {"key": "rettigheder", "label": "Indsigt og opbevaring", "section": rights_section},
]
SECTIONS_BY_KEY: dict[str, dict[str, Any]] = {s["key"]: s for s in CITIZEN_SECTIONS}

# A handful of rows in each part of the summary; the tabs have the rest.
SUMMARY_ROWS = 5
# The citizen's ties to units per page (Personoplysninger).
RELATIONSHIPS_PER_PAGE = 50


def _tabs(citizen, current: str, record: bool) -> list[dict[str, Any]]:
    from django.urls import reverse

    tabs: list[dict[str, Any]] = [
        {
            "key": "overblik",
            "label": "Overblik",
            "url": reverse("people:overview", args=[citizen.uuid]),
        }
    ]
    if record:
        tabs.append(
            {
                "key": "tidslinje",
                "label": "Tidslinje",
                "url": reverse("people:timeline", args=[citizen.uuid]),
            }
        )
        for s in CITIZEN_SECTIONS:
            tabs.append(
                {
                    "key": s["key"],
                    "label": s["label"],
                    "url": reverse("people:section", args=[citizen.uuid, s["key"]]),
                }
            )
        tabs.append(
            {
                "key": "personoplysninger",
                "label": "Personoplysninger",
                "url": reverse("people:personal", args=[citizen.uuid]),
            }
        )
    for t in tabs:
        t["current"] = t["key"] == current
    return tabs


def _base_context(request, citizen, grant, current: str) -> dict:
    record = policy.covers(grant, policy.SECTION_RECORD)
    return {
        "citizen": citizen,
        "grant": grant,
        "record": record,
        "tabs": _tabs(citizen, current, record),
        "current_tab": current,
        "cpr_form": CprRevealForm(),
        "cpr_revealed": False,
    }


def _summary(citizen) -> dict:
    """Where the citizen stays now, contact persons, the next meeting, open deadlines, flags and
    consents: a fixed number of queries, a handful of rows each."""
    today = timezone.localdate()
    now = timezone.now()
    stay = (
        Stay.objects.filter(citizen=citizen, started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
        .select_related("offer__unit", "room")
        .order_by("-started_on")
        .first()
    )
    # One query whether or not there is a stay: the page costs the same for every citizen.
    flags = list(Flag.objects.filter(stay=stay))
    next_meeting = (
        meetings_for_citizen(citizen)
        .filter(starts_at__gte=now, status=Meeting.Status.PLANNED)
        .order_by("starts_at")
        .first()
    )
    open_tasks = Task.objects.filter(citizen=citizen, done_on__isnull=True).select_related(
        "unit", "municipality"
    )
    tasks = list(open_tasks.order_by("due_on", "id")[:SUMMARY_ROWS])
    active_consents = citizen.consents.filter(
        withdrawn_at__isnull=True, valid_from__lte=today, valid_until__gte=today
    )
    ties = citizen.relationships.filter(ended_on__isnull=True).select_related("unit")
    return {
        "stay": stay,
        "flags": flags,
        "next_meeting": next_meeting,
        "tasks": tasks,
        "tasks_count": open_tasks.count(),
        "returned": citizen.moves_home.filter(returned_on__isnull=False)
        .order_by("-returned_on")
        .first(),
        "missed_meetings": Meeting.objects.filter(
            citizen=citizen, status=Meeting.Status.MISSED
        ).count(),
        "next_of_kin": list(citizen.relatives.filter(is_next_of_kin=True)[:3]),
        "ties": list(ties[:SUMMARY_ROWS]),
        "consents": list(active_consents.order_by("valid_until")[:SUMMARY_ROWS]),
        "consents_count": active_consents.count(),
        "today": today,
    }


@login_required
def overview(request, citizen_uuid):
    citizen, grant = policy.access_citizen(
        request.user, citizen_uuid, what="Borgerens overblik", section=policy.SECTION_IDENTITY
    )
    return _render_overview(request, citizen, grant)


def _render_overview(request, citizen, grant, *, cpr_form=None, revealed=False):
    context = _base_context(request, citizen, grant, "overblik")
    record = context["record"]
    # A referral-only grant (waiting list, refusal) shows who the citizen is and the user's own
    # ties, nothing of the record (access/policy.py, need-to-know scopes).
    relationships = citizen.relationships.select_related("unit", "unit__municipality")
    if not record:
        relationships = relationships.filter(unit_id__in=grant.unit_ids)
    context.update(
        {
            "summary": _summary(citizen) if record else None,
            # Without the record: the user's own units' ties only, at most a page of them.
            "relationships": relationships[:SUMMARY_ROWS]
            if record
            else relationships[:RELATIONSHIPS_PER_PAGE],
            "may_edit": policy.may_edit_citizen(request.user, citizen),
            "show_address": policy.may_see_protected_address(request.user, citizen),
            "cpr_revealed": revealed,
        }
    )
    if cpr_form is not None:
        context["cpr_form"] = cpr_form
    return render(request, "people/overview.html", context)


@login_required
def section(request, citizen_uuid, key):
    entry = SECTIONS_BY_KEY.get(key)
    if entry is None:
        raise Http404
    citizen, grant = policy.access_citizen(
        request.user, citizen_uuid, what=f"Borgerens overblik: {entry['label']}"
    )
    context = _base_context(request, citizen, grant, key)
    context["section"] = entry["section"](request, citizen)
    context["section_label"] = entry["label"]
    return render(request, "people/citizen_section.html", context)


@login_required
def personal(request, citizen_uuid):
    citizen, grant = policy.access_citizen(
        request.user, citizen_uuid, what="Borgerens overblik: Personoplysninger"
    )
    context = _base_context(request, citizen, grant, "personoplysninger")
    ties = citizen.relationships.select_related("unit", "unit__municipality").order_by(
        "-started_on", "-id"
    )
    # Three lists, each a page at a time with its own query parameter; a pager keeps the
    # others' pages (the `query` each pager gets).
    pages: dict[str, Paginator] = {
        "side": Paginator(ties, RELATIONSHIPS_PER_PAGE),
        "paaroerende": Paginator(
            citizen.relatives.order_by("-is_next_of_kin", "name", "id"), RELATIONSHIPS_PER_PAGE
        ),
        "samtykker": Paginator(
            citizen.consents.order_by("-valid_from", "-id"), RELATIONSHIPS_PER_PAGE
        ),
    }
    shown = {param: p.get_page(request.GET.get(param)) for param, p in pages.items()}

    def keep_others(param: str) -> str:
        others = {k: shown[k].number for k in pages if k != param and shown[k].number > 1}
        return urlencode(others) + "&" if others else ""

    context.update(
        {
            "show_address": policy.may_see_protected_address(request.user, citizen),
            "may_edit": policy.may_edit_citizen(request.user, citizen),
            "relatives": shown["paaroerende"].object_list,
            "relatives_page": shown["paaroerende"],
            "relatives_query": keep_others("paaroerende"),
            "consents": shown["samtykker"].object_list,
            "consents_page": shown["samtykker"],
            "consents_query": keep_others("samtykker"),
            # Newest first, a page at a time (a citizen with years of stays has many ties).
            "relationships": shown["side"].object_list,
            "page": shown["side"],
            "relationships_query": keep_others("side"),
        }
    )
    return render(request, "people/citizen_personal.html", context)


@login_required
def events(request, citizen_uuid):
    citizen, grant = policy.access_citizen(
        request.user, citizen_uuid, what="Borgerens overblik: Tidslinje"
    )
    kind = request.GET.get("type", "")
    if kind not in timeline.KINDS:
        kind = ""
    try:
        number = max(1, min(int(request.GET.get("side", "1")), timeline.MAX_PAGE))
    except ValueError:
        number = 1
    rows, counts = timeline.page(request.user, citizen, grant, kind=kind, number=number)
    total = counts[kind] if kind else sum(counts.values())
    paginator = Paginator(range(total), timeline.PAGE_SIZE)
    page = paginator.get_page(number)
    context = _base_context(request, citizen, grant, "tidslinje")
    context.update(
        {
            "rows": rows,
            "page": page,
            "kind": kind,
            "kinds": [
                {"key": k, "label": label, "count": counts[k]}
                for k, label in timeline.KINDS.items()
            ],
            "total": total,
            "total_all": sum(counts.values()),
            "query": f"type={kind}&" if kind else "",
        }
    )
    return render(request, "people/citizen_timeline.html", context)


@login_required
@require_POST
def reveal_cpr(request, citizen_uuid):
    """The full CPR number, for a purpose the user gives; the read is logged with it."""
    form = CprRevealForm(request.POST)
    if not form.is_valid():
        citizen, grant = policy.access_citizen(
            request.user, citizen_uuid, what="Borgerens overblik", section=policy.SECTION_IDENTITY
        )
        return _render_overview(request, citizen, grant, cpr_form=form)
    purpose = form.cleaned_data["purpose"]
    citizen, grant = policy.access_citizen(
        request.user,
        citizen_uuid,
        what="CPR-nummer vist",
        section=policy.SECTION_IDENTITY,
        purpose=purpose,
    )
    if request.headers.get("HX-Request"):
        return render(request, "people/_cpr.html", {"citizen": citizen, "cpr_revealed": True})
    return _render_overview(request, citizen, grant, revealed=True)
