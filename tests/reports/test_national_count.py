"""The national homelessness count for a chosen week: situation from stays, discharges and
returns; age group and gender per municipality; CSV and Excel in a plain layout."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from hjemvej.accounts.models import Unit
from hjemvej.courses.models import MoveToOwnHome
from hjemvej.offers.catalogue import OFFERS, ensure_offer
from hjemvej.offers.models import LegalBasis
from hjemvej.reports import count
from hjemvej.reports.models import ReportJob
from hjemvej.reports.services import run_job
from hjemvej.stays.models import Stay
from tests.factories import CitizenFactory, UnitFactory

D = datetime.date
MONDAY, SUNDAY = count.week_bounds(2026, 6)


def ev(start, end, category):
    return count.Event(1, start, end, category)


def test_week_six_of_2026():
    assert (D(2026, 2, 2), D(2026, 2, 8)) == (MONDAY, SUNDAY)


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ([], None),
        ([ev(D(2026, 1, 1), None, "shelter")], "shelter"),
        ([ev(D(2026, 1, 1), D(2026, 2, 2), "shelter")], None),  # left on Monday: not that week
        ([ev(D(2026, 1, 1), D(2026, 2, 3), "shelter")], "shelter"),
        ([ev(D(2026, 1, 20), None, "discharge:street")], "rough_sleeping"),
        ([ev(D(2025, 10, 1), None, "discharge:street")], None),  # more than 90 days ago
        ([ev(D(2026, 1, 20), None, "discharge:own_home")], None),
        ([ev(D(2026, 1, 20), None, "discharge:prison")], "prison_release"),
        ([ev(D(2026, 1, 20), None, "return")], "unknown"),
        (
            [
                ev(D(2026, 1, 5), None, "discharge:street"),
                ev(D(2026, 1, 25), None, "discharge:own_home"),
            ],
            None,
        ),
        (
            [ev(D(2026, 1, 5), None, "discharge:street"), ev(D(2026, 1, 25), None, "shelter")],
            "shelter",
        ),
    ],
)
def test_situation_in_the_week(events, expected):
    assert count.situation(events, MONDAY, SUNDAY) == expected


def test_age_groups():
    assert count.age_group(D(2008, 2, 2), MONDAY) == "18–24 år"  # 18 on the Monday
    assert count.age_group(D(2008, 2, 3), MONDAY) == "Under 18 år"
    assert count.age_group(D(1966, 1, 1), MONDAY) == "60 år og derover"


@pytest.fixture
def week(db, ishoj, ballerup, ishoj_shelter_unit):
    shelter = ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])
    skaeve_unit = UnitFactory(
        municipality=ishoj, kind=Unit.Kind.OFFER, name="Skæve boliger", slug="sk"
    )
    skaeve = ensure_offer(skaeve_unit, {"legal_basis": LegalBasis.SKAEVE, "residential": True})

    def citizen(municipality, gender, born):
        return CitizenFactory(acting_municipality=municipality, gender=gender, birth_date=born)

    def stay(c, offer, start, end=None, destination=""):
        Stay.objects.create(
            citizen=c,
            offer=offer,
            decided_on=start,
            started_on=start,
            ended_on=end,
            destination=destination,
        )

    # Ishøj: three men and a woman at the shelter, a woman discharged to the street in
    # January, a man in a skæv bolig (not homeless), a man back in homelessness.
    for born in (D(1980, 1, 1), D(1990, 1, 1), D(2000, 1, 1)):
        stay(citizen(ishoj, "male", born), shelter, D(2026, 1, 10))
    stay(
        citizen(ishoj, "female", D(1960, 1, 1)), shelter, D(2025, 12, 1), D(2026, 2, 5), "own_home"
    )
    stay(citizen(ishoj, "female", D(2001, 1, 1)), shelter, D(2025, 12, 1), D(2026, 1, 20), "street")
    stay(citizen(ishoj, "male", D(1970, 1, 1)), skaeve, D(2025, 1, 1))
    aagaarden_unit = UnitFactory(
        municipality=ishoj, kind=Unit.Kind.OFFER, name="Ågården", slug="ishoj-aagaarden"
    )
    aagaarden = ensure_offer(aagaarden_unit, OFFERS["ishoj-aagaarden"])
    stay(citizen(ishoj, "female", D(1992, 1, 1)), aagaarden, D(2025, 11, 1))
    back = citizen(ishoj, "male", D(1975, 1, 1))
    MoveToOwnHome.objects.create(
        citizen=back, moved_on=D(2025, 6, 1), source="t", returned_on=D(2026, 1, 30)
    )
    # A Ballerup citizen at Ishøj's shelter counts in Ballerup (the acting municipality).
    stay(citizen(ballerup, "male", D(1985, 1, 1)), shelter, D(2026, 1, 1))


def test_count_page_per_municipality(week, manager_ishoj, as_user):
    html = as_user(manager_ishoj).get("/rapporter/optaelling/?uge=2026-W06").content.decode()
    assert "02.02.2026–08.02.2026" in html
    rows = [r for r in html.split("<tr>") if r.startswith("<td>Ishøj")]
    shelter = next(r for r in rows if "Herberg / forsorgshjem" in r)
    # 3 men + 1 woman; genders Kvinde, Mand, Andet; ages …25–29, 30–39, 40–49, 50–59, 60+.
    cells = [c.split("<")[0] for c in shelter.split("<td>")[2:]]
    assert cells == ["4", "1", "3", "0", "0", "0", "1", "1", "1", "0", "1"]
    assert any("Gadesovende" in r for r in rows)
    assert any("Ukendt situation" in r for r in rows)
    transitional = next(r for r in rows if "Overgangsbolig uden permanent kontrakt" in r)
    assert [c.split("<")[0] for c in transitional.split("<td>")[2:5]] == ["1", "1", "0"]
    assert not any("Ikke hjemløs" in r for r in rows)
    assert "Ballerup" not in html  # the manager is Ishøj's


def test_analyst_count_is_suppressed_and_exports_are_plain(
    week, analyst_ishoj, as_user, django_capture_on_commit_callbacks
):
    client = as_user(analyst_ishoj)
    html = client.get("/rapporter/optaelling/?uge=2026-W06").content.decode()
    assert "&lt;5" in html
    for kind in ("count-csv", "count-xlsx"):
        response = client.post("/rapporter/bestil/", {"kind": kind, "uge": "2026-W06"})
        job = ReportJob.objects.get(kind=kind)
        assert response["Location"] == f"/rapporter/koersel/{job.uuid}/"
        assert run_job(str(job.uuid)).status == ReportJob.Status.DONE
    csv_job = ReportJob.objects.get(kind="count-csv")
    text = client.get(f"/rapporter/koersel/{csv_job.uuid}/hent/").content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("Kommune;Situation;I alt;Kvinde;Mand;Andet;Under 18 år")
    # A group under 5 shows no parts at all, not even where they are 0 (that would tell that
    # all four are men, say).
    assert "Ishøj;Herberg / forsorgshjem;" + ";".join(["<5"] * 11) in lines
    assert "Ishøj;Gadesovende (gade, opgang, skur);" + ";".join(["<5"] * 11) in lines
    xlsx_job = ReportJob.objects.get(kind="count-xlsx")
    wb = load_workbook(io.BytesIO(client.get(f"/rapporter/koersel/{xlsx_job.uuid}/hent/").content))
    rows = [r[:4] for r in wb["Hjemløsetælling"].iter_rows(min_row=2, values_only=True)]
    assert ("Ishøj", "Herberg / forsorgshjem", "<5", "<5") in rows
