"""The reports a user can order, and the builders the background worker runs for them. Each
builder gets the job and `progress(percent, step)`, which the page shows as a progress bar.
Who may order a report is checked again when the job runs: the user's roles may have changed.
`BUILDERS` at the end lists every report kind."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from hjemvej.access import policy
from hjemvej.reports import count, exports, outcome, present, selectors


@dataclass
class ReportFile:
    content: bytes
    filename: str
    content_type: str


@dataclass
class Builder:
    kind: str
    title: str
    build: Callable[..., ReportFile]
    may_request: Callable[..., bool]


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


def build_outcome_xlsx(job, progress) -> ReportFile:
    title, slug, sections = _outcome(job, progress)
    return ReportFile(exports.outcome_workbook(title, sections), f"{slug}.xlsx", XLSX)


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


def build_count_csv(job, progress) -> ReportFile:
    rows, week, analyst = _count(job, progress)
    return ReportFile(
        exports.count_csv(rows, for_analyst=analyst),
        f"hjemloesetaelling-{week}.csv",
        "text/csv; charset=utf-8",
    )


def build_count_xlsx(job, progress) -> ReportFile:
    rows, week, analyst = _count(job, progress)
    return ReportFile(
        exports.count_workbook(rows, week, for_analyst=analyst),
        f"hjemloesetaelling-{week}.xlsx",
        XLSX,
    )


def _dst(job, progress):
    """Danmarks Statistik's §110 stays of one shelter in one quarter (stays/dst.py). The
    shelter's manager only: checked again here, the roles may have changed since the order."""
    from django.core.exceptions import PermissionDenied

    from hjemvej.offers.models import Offer
    from hjemvej.stays import dst

    offer = Offer.objects.select_related("unit").get(uuid=job.params["tilbud"])
    if not policy.may_export_dst(job.requested_by, offer):
        raise PermissionDenied
    year, quarter = dst.parse_quarter(job.params["kvartal"])
    progress(20, "Henter kvartalets ophold")
    stays = list(dst.quarter_stays(offer, year, quarter))
    progress(60, "Skriver filen")
    rows = dst.export_rows(offer, year, quarter, stays)
    slug = f"dst-ophold-{offer.tilbudsportalen_id or offer.pk}-{year}K{quarter}"
    return rows, f"{offer.name}, {year} {quarter}. kvartal", slug


def _may_dst(user) -> bool:
    return bool(policy.dst_unit_ids(user))


def build_dst_txt(job, progress) -> ReportFile:
    from hjemvej.stays import dst

    rows, _, slug = _dst(job, progress)
    return ReportFile(dst.text_file(rows), f"{slug}.txt", "text/plain; charset=utf-8")


def build_dst_xlsx(job, progress) -> ReportFile:
    from hjemvej.stays import dst

    rows, title, slug = _dst(job, progress)
    return ReportFile(dst.workbook(rows, title), f"{slug}.xlsx", XLSX)


def _dst_authority(job, progress, kind: str):
    """Danmarks Statistik's §101 treatment or adult decision statistics of one authority in one
    quarter (stays/dst_adult.py). The authority's manager only: checked again here."""
    from django.core.exceptions import PermissionDenied

    from hjemvej.accounts.models import Unit
    from hjemvej.stays import dst, dst_adult

    unit = Unit.objects.select_related("municipality").get(uuid=job.params["myndighed"])
    if not policy.may_export_dst_authority(job.requested_by, unit):
        raise PermissionDenied
    year, quarter = dst.parse_quarter(job.params["kvartal"])
    progress(20, "Henter kvartalets forløb")
    records = dst_adult.load(kind, unit.municipality_id, year, quarter)
    progress(60, "Skriver filen")
    rows = dst_adult.rows(kind, year, quarter, records)
    slug = f"dst-{kind}-{unit.slug}-{year}K{quarter}"
    return rows, f"{dst_adult.KINDS[kind]}: {unit.name}, {year} {quarter}. kvartal", slug


def _may_dst_authority(user) -> bool:
    return bool(policy.dst_authority_ids(user))


def _dst_authority_builders(kind: str, slug: str, what: str) -> list[Builder]:
    """The text and Excel builders of one statistic (`kind`: dst_adult.TREATMENT/DECISIONS)."""

    def txt(job, progress) -> ReportFile:
        from hjemvej.stays import dst_adult

        rows, _, name = _dst_authority(job, progress, kind)
        return ReportFile(
            dst_adult.text_file(kind, rows), f"{name}.txt", "text/plain; charset=utf-8"
        )

    def xlsx(job, progress) -> ReportFile:
        from hjemvej.stays import dst_adult

        rows, title, name = _dst_authority(job, progress, kind)
        return ReportFile(dst_adult.workbook(kind, rows, title), f"{name}.xlsx", XLSX)

    return [
        Builder(
            f"dst-{slug}-txt", f"{what} til Danmarks Statistik (tekst)", txt, _may_dst_authority
        ),
        Builder(
            f"dst-{slug}-xlsx", f"{what} til Danmarks Statistik (Excel)", xlsx, _may_dst_authority
        ),
    ]


def build_bring_home_xlsx(job, progress) -> ReportFile:
    """The bring-home report of one of the user's municipalities as Excel (stays/
    placement_export.py): the same totals and rows as the page, for the citizens the user may
    see. Checked again here: the roles may have changed since the order."""
    from django.core.exceptions import PermissionDenied

    from hjemvej.accounts.models import Municipality
    from hjemvej.stays import placement_export
    from hjemvej.stays import selectors as stay_selectors

    user = job.requested_by
    ids = policy.placement_municipality_ids(user)
    municipality = Municipality.objects.filter(
        pk__in=ids, code=job.params.get("kommune", "")
    ).first()
    if municipality is None or not policy.may_see_bring_home_report(user):
        raise PermissionDenied
    today = timezone.localdate()
    progress(20, "Henter kommunens anbringelser")
    totals, placements, rates = stay_selectors.bring_home_report(user, municipality.pk, today)
    rows = stay_selectors.placement_rows(placements, rates, today)
    progress(70, "Skriver filen")
    title = f"Hjemtagning: {municipality.name} Kommune, {today:%d.%m.%Y}"
    return ReportFile(
        placement_export.workbook(title, totals, rows),
        f"hjemtagning-{municipality.code}-{today:%Y-%m-%d}.xlsx",
        XLSX,
    )


# Every report kind, with its title and who may order it.
BUILDERS: dict[str, Builder] = {
    b.kind: b
    for b in [
        Builder(
            "outcome-xlsx",
            "Resultatopgørelse (Excel)",
            build_outcome_xlsx,
            policy.may_use_reports,
        ),
        Builder(
            "outcome-pdf", "Resultatopgørelse (PDF)", build_outcome_pdf, policy.may_use_reports
        ),
        Builder("count-csv", "Hjemløsetælling (CSV)", build_count_csv, _may_count),
        Builder("count-xlsx", "Hjemløsetælling (Excel)", build_count_xlsx, _may_count),
        Builder(
            "dst-stays-txt", "§110-ophold til Danmarks Statistik (tekst)", build_dst_txt, _may_dst
        ),
        Builder(
            "dst-stays-xlsx", "§110-ophold til Danmarks Statistik (Excel)", build_dst_xlsx, _may_dst
        ),
        Builder(
            "bring-home-xlsx",
            "Hjemtagning: borgere i købte tilbud (Excel)",
            build_bring_home_xlsx,
            policy.may_see_bring_home_report,
        ),
        *_dst_authority_builders("behandling", "treatment", "§101-behandlinger"),
        *_dst_authority_builders("afgoerelser", "decisions", "Afgørelser for voksne (§§82a–107)"),
    ]
}
