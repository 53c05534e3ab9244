"""The report builders the background worker runs (see registry.py). Each checks the requesting
user's access again: a job runs later, and the user's roles may have changed."""

from django.utils import timezone

from hjemvej.access import policy
from hjemvej.reports import count, exports, outcome, present, selectors
from hjemvej.reports.registry import ReportFile, report_builder

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _outcome(job, progress):
    user = job.requested_by
    progress(10, "Henter ophold, forløb og scorer")
    scope = selectors.scope_for(user, job.params)
    year = int(job.params.get("aar") or timezone.localdate().year)
    data = selectors.load_year(scope, year)
    progress(50, "Beregner tallene")
    report = outcome.compute(data)
    sections = present.present(report, for_analyst=policy.aggregates_only(user))
    progress(75, "Tegner diagrammerne")
    title = f"Resultatopgørelse {year}: {scope.title}"
    slug = f"resultater-{year}-{scope.params.get('kommune') or scope.unit.slug}"  # type: ignore[union-attr]
    return title, slug, sections


@report_builder(
    "outcome-xlsx", title="Resultatopgørelse (Excel)", may_request=policy.may_use_reports
)
def build_outcome_xlsx(job, progress) -> ReportFile:
    title, slug, sections = _outcome(job, progress)
    return ReportFile(exports.outcome_workbook(title, sections), f"{slug}.xlsx", XLSX)


@report_builder("outcome-pdf", title="Resultatopgørelse (PDF)", may_request=policy.may_use_reports)
def build_outcome_pdf(job, progress) -> ReportFile:
    title, slug, sections = _outcome(job, progress)
    subtitle = f"Lavet {timezone.localdate():%d.%m.%Y} i Hjemvej."
    if policy.aggregates_only(job.requested_by):
        subtitle += " Samlede tal uden navne; tal under 5 vises som <5."
    return ReportFile(
        exports.outcome_pdf(title, subtitle, sections), f"{slug}.pdf", "application/pdf"
    )


def _count(job, progress):
    from hjemvej.reports.views_outcome import parse_week

    user = job.requested_by
    municipalities = selectors.count_municipalities(user)
    year, week = parse_week(job.params.get("uge"), timezone.localdate())
    progress(20, "Finder borgernes situation i ugen")
    rows = selectors.load_count(municipalities, *count.week_bounds(year, week))
    progress(70, "Skriver filen")
    return rows, f"{year}-W{week:02d}", policy.aggregates_only(user)


def _may_count(user) -> bool:
    return bool(selectors.count_municipalities(user))


@report_builder("count-csv", title="Hjemløsetælling (CSV)", may_request=_may_count)
def build_count_csv(job, progress) -> ReportFile:
    rows, week, analyst = _count(job, progress)
    return ReportFile(
        exports.count_csv(rows, for_analyst=analyst),
        f"hjemloesetaelling-{week}.csv",
        "text/csv; charset=utf-8",
    )


@report_builder("count-xlsx", title="Hjemløsetælling (Excel)", may_request=_may_count)
def build_count_xlsx(job, progress) -> ReportFile:
    rows, week, analyst = _count(job, progress)
    return ReportFile(
        exports.count_workbook(rows, week, for_analyst=analyst),
        f"hjemloesetaelling-{week}.xlsx",
        XLSX,
    )
