"""The yearly outcome report, its records, and the national count."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hjemvej.access import policy
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.common.suppression import SUPPRESSED
from hjemvej.reports import count, present, selectors
from hjemvej.reports.services import do_request_report


def _year(request) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("aar", today.year))
    except ValueError:
        year = today.year
    return year if year in selectors.year_choices(today) else today.year


@login_required
def choose(request):
    if not policy.may_use_reports(request.user):
        raise Http404
    return render(
        request,
        "reports/choose.html",
        {
            "units": selectors.report_units(request.user),
            "municipalities": selectors.report_municipalities(request.user),
            "years": selectors.year_choices(timezone.localdate()),
            "this_year": timezone.localdate().year,
            "dst": bool(policy.dst_unit_ids(request.user)),
        },
    )


@login_required
def outcome_page(request):
    scope = selectors.scope_for(request.user, request.GET)
    year = _year(request)
    analyst = policy.aggregates_only(request.user)
    report = selectors.outcome_report(scope, year)
    query = "&".join(f"{k}={v}" for k, v in scope.params.items()) + f"&aar={year}"
    return render(
        request,
        "reports/outcome.html",
        {
            "scope": scope,
            "year": year,
            "sections": present.present(report, for_analyst=analyst),
            "analyst": analyst,
            "query": query,
            "params": {**scope.params, "aar": year},
        },
    )


@login_required
def figure_records(request, key):
    scope = selectors.scope_for(request.user, request.GET)
    if policy.aggregates_only(request.user):
        raise Http404  # analysts see figures, never the records behind them
    year = _year(request)
    figure = selectors.outcome_report(scope, year).figure(key)
    if figure is None:
        raise Http404
    rows, hidden = selectors.drill_rows(request.user, figure)
    log_event(
        action=Action.SEARCH,
        summary=f"Resultatopgørelse {year}, {scope.title}: {figure.label}",
        detail={"figure": key, "year": year, **scope.params, "citizens": len(rows)},
        purpose="Resultatopgørelse og ledelsesinformation",
    )
    query = "&".join(f"{k}={v}" for k, v in scope.params.items()) + f"&aar={year}"
    return render(
        request,
        "reports/records.html",
        {
            "scope": scope,
            "year": year,
            "figure": present.show(figure, for_analyst=False),
            "rows": rows,
            "hidden": hidden,
            "query": query,
        },
    )


@login_required
@require_POST
def order(request):
    kind = request.POST.get("kind", "")
    params = {
        k: request.POST[k] for k in ("tilbud", "kommune", "aar", "uge") if request.POST.get(k)
    }
    if kind.startswith("outcome"):
        scope = selectors.scope_for(request.user, params)
        params = {**scope.params, "aar": params.get("aar", "")}
    try:
        job = do_request_report(user=request.user, kind=kind, params=params)
    except ValidationError as exc:
        raise Http404 from exc
    return redirect("reports:job", job_uuid=job.uuid)


def parse_week(text: str | None, today: datetime.date) -> tuple[int, int]:
    """ "2026-W06" → (2026, 6); anything else: week 6 of this year (the count's week)."""
    try:
        year_text, week_text = (text or "").split("-W")
        year, week = int(year_text), int(week_text)
        count.week_bounds(year, week)
    except ValueError:
        return today.year, 6
    return year, week


@login_required
def national_count(request):
    municipalities = selectors.count_municipalities(request.user)
    if not municipalities:
        raise Http404
    year, week = parse_week(request.GET.get("uge"), timezone.localdate())
    monday, sunday = count.week_bounds(year, week)
    analyst = policy.aggregates_only(request.user)
    rows = selectors.load_count(municipalities, monday, sunday)
    shown = [present.count_row(r, for_analyst=analyst) for r in rows]
    return render(
        request,
        "reports/count.html",
        {
            "rows": shown,
            "week_value": f"{year}-W{week:02d}",
            "monday": monday,
            "sunday": sunday,
            "genders": [label for _, label in count.GENDERS],
            "ages": [label for label, _, _ in count.AGE_GROUPS],
            "analyst": analyst,
            "suppressed": SUPPRESSED,
        },
    )
