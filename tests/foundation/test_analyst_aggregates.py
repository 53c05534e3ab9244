"""Issue 12, item 3: every aggregate page and every export, walked as an analyst against an offer
with exactly one citizen, shows no figure resting on fewer than 5 citizens (common/suppression.py).

The walk is checked against the URLconf and against reports.builders.BUILDERS: every URL pattern
an analyst can open is either in AGGREGATE_PAGES (walked for small figures) or in
NO_CITIZEN_FIGURES (pages whose figures are no counts over citizens), and every report kind is
in EXPORTS; a new page or export that is neither fails the test."""

import csv
import datetime
import io
import re
import subprocess
import uuid
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from openpyxl import load_workbook

from hjemvej.economics.models import CostSheet
from hjemvej.offers.catalogue import OFFERS, ensure_offer
from hjemvej.plans import services as plan_services
from hjemvej.plans.models import Plan
from hjemvej.reports import count, outcome, present
from hjemvej.reports.builders import BUILDERS
from hjemvej.reports.models import ReportJob
from hjemvej.reports.services import run_job
from hjemvej.stays.models import Stay
from hjemvej.tracks import services as track_services
from hjemvej.tracks.models import TrackTemplate
from tests.factories import CitizenFactory, RelationshipFactory
from tests.plans.conftest import smart_goal

pytestmark = pytest.mark.django_db

# URL names an analyst reaches whose figures rest on citizens: each is walked below.
AGGREGATE_PAGES = {
    "plans:offers",
    "plans:offer",
    "reports:count",
    "reports:outcome",
    "economics:forecast",
    "economics:budget",
}
# URL names an analyst reaches that show no count over citizens (menus, calculators on typed
# figures, cost sheets, the offers' catalogue, the report jobs, sign-in pages, the API docs).
NO_CITIZEN_FIGURES = {
    "home",
    "login",
    "economics:index",
    "economics:cost_sheet",
    "economics:cost_sheet_excel",
    "economics:reimbursement",
    "economics:investment",
    "economics:investment_compare",
    "offers:list",
    "offers:detail",
    "offers:waiting_index",
    "stays:board_index",
    "reports:mine",
    "reports:choose",
    "reports:job",
    "reports:job_status",
    "reports:download",  # the files are the exports, walked below
    "portal:login",
    "api:openapi-json",
    "api:openapi-view",
    # The offers' catalogue over the API: names, legal basis, places, Tilbudsportalen id.
    "api:list_offers",
    "GET /api/v1/offers",
    "GET /api/v1/offers/{offer_id}",
    # Bought offers over the API (issue 16): provider, price, legal basis; no stay counts.
    "api:list_bought_offers",
    "api:register_bought_offer",
    "api:update_bought_offer",
    "GET /api/v1/offers/bought",
}
# Every report kind in reports.builders.BUILDERS, walked below.
EXPORTS = {"outcome-xlsx", "outcome-pdf", "count-csv", "count-xlsx"}
# Record-level files (each stay with its CPR number) for the shelter's manager only: an analyst
# cannot order them at all (asserted below), so there are no figures to suppress.
NOT_FOR_ANALYSTS = {
    "dst-stays-txt",
    "dst-stays-xlsx",
    # The authority's §101 treatment and adult decision files (stays/dst_adult.py).
    "dst-treatment-txt",
    "dst-treatment-xlsx",
    "dst-decisions-txt",
    "dst-decisions-xlsx",
    # The bring-home report (stays/placement_export.py): named citizens, the authority's staff.
    "bring-home-xlsx",
}


def _patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else (entry.name or "")
            yield prefix + str(entry.pattern), name


@pytest.fixture
def one_citizen(ishoj, ishoj_shelter_unit, shelter_worker_ishoj):
    """Ishøj's shelter with exactly one citizen: a stay since a month, a cost sheet this year, a
    stay plan with three scored sub-goals."""
    today = timezone.localdate()
    shelter = ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])
    citizen = CitizenFactory(acting_municipality=ishoj, gender="male")
    RelationshipFactory(citizen=citizen, unit=ishoj_shelter_unit)
    start = today - datetime.timedelta(days=30)
    Stay.objects.create(citizen=citizen, offer=shelter, decided_on=start, started_on=start)
    sheet = CostSheet.objects.create(
        unit=ishoj_shelter_unit,
        budget_year=today.year,
        salaries=Decimal("365000"),
        other=Decimal("0"),
        salary_pools_pct=Decimal("0"),
        maintenance_pct=Decimal("0"),
        indirect_pct=Decimal("0"),
        places=1,
        occupancy_pct=Decimal("100"),
    )
    plan = plan_services.do_create_plan(
        user=shelter_worker_ishoj,
        citizen=citizen,
        kind=Plan.Kind.STAY,
        unit=ishoj_shelter_unit,
        starts_on=start,
        purpose="Egen bolig",
    )
    goal = smart_goal(shelter_worker_ishoj, plan)
    for n in range(3):
        sub_goal = plan_services.do_add_sub_goal(
            user=shelter_worker_ishoj, goal=goal, text=f"Delmål {n}", follow_up_on=today
        )
        plan_services.do_record_score(
            user=shelter_worker_ishoj, sub_goal=sub_goal, scored_on=today, value=3
        )
    # A track (Herning's strategy) with a step done: the report's track figures rest on one.
    track = track_services.do_start_track(
        user=shelter_worker_ishoj,
        citizen=citizen,
        template=TrackTemplate.objects.get(code="herning-sundhed"),
        unit=ishoj_shelter_unit,
        started_on=start,
    )
    track_services.do_record_step(
        user=shelter_worker_ishoj, step=track.steps.first(), status="done", done_on=today
    )
    return {"citizen": citizen, "shelter": shelter, "sheet": sheet, "unit": ishoj_shelter_unit}


def aggregate_paths(data) -> dict[str, list[str]]:
    today = timezone.localdate()
    year, week, _ = today.isocalendar()
    unit, sheet = data["unit"], data["sheet"]
    return {
        "plans:offers": ["/planer/tilbud/"],
        "plans:offer": [f"/planer/tilbud/{unit.uuid}/"],
        "reports:count": [f"/rapporter/optaelling/?uge={year}-W{week:02d}"],
        "reports:outcome": [
            f"/rapporter/resultater/vis/?kommune=183&aar={today.year}",
            f"/rapporter/resultater/vis/?tilbud={unit.uuid}&aar={today.year}",
        ],
        "economics:forecast": ["/okonomi/prognose/?aktuelle=1"],
        "economics:budget": [f"/okonomi/budget/?takstblad={sheet.uuid}"],
    }


class _Cells(HTMLParser):
    """The texts of table cells, figure texts and prefilled text areas (where figures live)."""

    def __init__(self):
        super().__init__()
        self.cells: list[str] = []
        self._depth = 0
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("td", "th", "textarea", "dd"):
            self._depth += 1
            self._text = []

    def handle_endtag(self, tag):
        if tag in ("td", "th", "textarea", "dd") and self._depth:
            self._depth -= 1
            self.cells.append(" ".join("".join(self._text).split()))

    def handle_data(self, data):
        if self._depth:
            self._text.append(data)


SMALL_CELL = re.compile(r"^[1-4]$")
# "1 af 1 (100,0 %)", "1: se borgerne bag tallet", "1 planer med 3 delmål", "Borger 1; 30.10.2026;
# …" (a recorded stay per line)
SMALL_TEXT = re.compile(
    r"(?<![\d.,])[1-4] af \d|^[1-4]:|\bmed [1-4] delmål|(?<![\d.,<])[1-4] planer|^Borger \d+;",
    re.M,
)


def small_figures(cells: list[str]) -> list[str]:
    return [c for c in cells if SMALL_CELL.match(c) or SMALL_TEXT.search(c)]


def page_cells(client, path) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200, path
    parser = _Cells()
    parser.feed(response.content.decode())
    return parser.cells


def export_cells(client, user, kind, params) -> list[str]:
    client.post("/rapporter/bestil/", {"kind": kind, **params})
    job = ReportJob.objects.filter(requested_by=user, kind=kind).order_by("-pk").first()
    assert run_job(str(job.uuid)).status == ReportJob.Status.DONE, job.error
    content = client.get(f"/rapporter/koersel/{job.uuid}/hent/").content
    if kind.endswith("csv"):
        rows = csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";")
        return [c.strip() for row in list(rows)[1:] for c in row]
    if kind.endswith("xlsx"):
        wb = load_workbook(io.BytesIO(content))
        out = []
        for ws in wb.worksheets:
            for r, row in enumerate(ws.iter_rows(values_only=True)):
                out += [str(v) for v in row if v is not None and (r or ws.title != "Om tællingen")]
        return out
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return [" ".join(part.split()) for line in text.splitlines() for part in line.split("  ")]


def export_params() -> dict[str, dict[str, str]]:
    today = timezone.localdate()
    year, week, _ = today.isocalendar()
    outcome_params = {"kommune": "183", "aar": str(today.year)}
    return {
        "outcome-xlsx": outcome_params,
        "outcome-pdf": outcome_params,
        "count-csv": {"uge": f"{year}-W{week:02d}"},
        "count-xlsx": {"uge": f"{year}-W{week:02d}"},
    }


def test_every_page_an_analyst_reaches_is_walked_or_holds_no_citizen_counts(
    one_citizen, analyst_ishoj
):
    """The walk compared with the URLconf: a new page an analyst can open fails here until it is
    put in AGGREGATE_PAGES (and walked) or in NO_CITIZEN_FIGURES."""
    client = Client()
    client.force_login(analyst_ishoj)
    real = {
        "unit_uuid": one_citizen["unit"].uuid,
        "offer_uuid": one_citizen["shelter"].uuid,
        "sheet_uuid": one_citizen["sheet"].uuid,
        "citizen_uuid": one_citizen["citizen"].uuid,
    }
    client.post("/rapporter/bestil/", {"kind": "count-csv"})
    real["job_uuid"] = ReportJob.objects.get(requested_by=analyst_ishoj).uuid
    reached = set()
    for pattern, name in _patterns():
        if pattern.startswith(("static/", "administration/")) or "(?P<" in pattern:
            continue
        path = re.sub(
            r"<uuid:([a-z_]+)>", lambda m: str(real.get(m.group(1), uuid.uuid4())), pattern
        )
        path = re.sub(r"<int:[a-z_]+>", "1", path)
        path = re.sub(r"<(?:slug|str|path):[a-z_]+>|<[a-z_]+>", "x", path)
        path = "/" + path.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")
        if client.get(path).status_code == 200:
            reached.add(name)
    # The API: no route answers an analyst's GET (its calculators take typed figures only); a
    # new aggregate endpoint fails here until it is walked.
    doc = client.get("/api/v1/openapi.json").json()
    for route, methods in doc["paths"].items():
        if "get" not in methods:
            continue
        concrete = re.sub(
            r"\{([a-z_]+)\}",
            lambda m: str(real.get(m.group(1).replace("_id", "_uuid"), uuid.uuid4())),
            route,
        )
        if client.get(concrete).status_code == 200:
            reached.add(f"GET {route}")
    assert reached - AGGREGATE_PAGES - NO_CITIZEN_FIGURES == set()
    # the walked pages are open to the analyst (the outcome page needs its scope in the query)
    assert AGGREGATE_PAGES - {"reports:outcome"} <= reached
    assert set(BUILDERS) == EXPORTS | NOT_FOR_ANALYSTS
    for kind in NOT_FOR_ANALYSTS:
        assert not BUILDERS[kind].may_request(analyst_ishoj)


def test_analyst_sees_no_figure_resting_on_one_citizen_on_any_page_or_export(
    one_citizen, analyst_ishoj, manager_ishoj
):
    analyst, manager = Client(), Client()
    analyst.force_login(analyst_ishoj)
    manager.force_login(manager_ishoj)
    paths = aggregate_paths(one_citizen)
    assert set(paths) == AGGREGATE_PAGES
    # Every page and export shows the manager (who works with the citizens) a small figure: the
    # check can fail, and the data reach every page.
    for urls in paths.values():
        for path in urls:
            assert small_figures(page_cells(analyst, path)) == [], path
            assert small_figures(page_cells(manager, path)), path
    for kind, params in export_params().items():
        assert small_figures(export_cells(analyst, analyst_ishoj, kind, params)) == [], kind
        assert small_figures(export_cells(manager, manager_ishoj, kind, params)), kind


# ---------------------------------------------------------------- complementary figures


def _row(total, genders, ages):
    return count.CountRow("Ishøj", "shelter", "Herberg", total, genders, ages, [])


def test_the_count_hides_a_second_part_so_the_total_does_not_give_the_first_back():
    genders = {"female": 1, "male": 8, "other": 0}
    ages = {a: 0 for a, _, _ in count.AGE_GROUPS}
    ages[count.AGE_GROUPS[2][0]] = 9
    shown = present.count_row(_row(9, genders, ages), for_analyst=True)
    assert shown.total == 9
    assert shown.genders == ["<5", "<5", 0]  # 9 − 8 would give the one woman back
    assert 9 in shown.ages
    small = present.count_row(_row(3, {"female": 0, "male": 3, "other": 0}, ages), for_analyst=True)
    assert small.total == "<5" and set(small.genders) == {"<5"}  # not even where the 0s are
    assert present.count_row(_row(9, genders, ages), for_analyst=False).genders == [1, 8, 0]


def test_a_share_whose_rest_is_under_five_is_not_shown():
    """'6 af 7' gives the one citizen who did not reach it back: withheld for analysts."""
    figure = outcome.Figure("own_home", "Egen bolig", count=6, total=7)
    shown = present.show(figure, for_analyst=True)
    assert shown.suppressed and shown.count is None and "6" not in shown.text
    assert present.show(figure, for_analyst=False).text == "6 af 7 (85,7 %)"
    assert not present.show(
        outcome.Figure("x", "x", count=6, total=12), for_analyst=True
    ).suppressed


def test_bars_of_one_total_hide_the_next_smallest_part():
    section = outcome.Section(
        "Opholdslængde",
        [
            outcome.Figure("a", "Under 1 måned", count=2, total=20),
            outcome.Figure("b", "1–3 måneder", count=6, total=20),
            outcome.Figure("c", "3–6 måneder", count=12, total=20),
        ],
        chart="bars",
    )
    report = outcome.Report(2026, [section])
    shown = present.present(report, for_analyst=True)[0].figures
    assert [f.suppressed for f in shown] == [True, True, False]
    assert shown[2].text.startswith("12 af 20")
