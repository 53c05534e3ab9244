"""Issue 18 item 1, second bullet: Danmarks Statistik's §101 treatment and adult decision
(§§82a, 82b, 85, 85a, 107) statistics. The fields recorded where treatment starts and ends and
where the caseworker decides; the code lists as dated data; the authority's quarter check
before export and the export (text and Excel) through the report jobs – the authority's
manager only, each download an EXPORT audit row."""

import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from openpyxl import load_workbook

from hjemvej.accounts.models import Role, Unit
from hjemvej.audit.context import acting_as
from hjemvej.audit.models import Action, AuditEntry
from hjemvej.offers import services as offer_services
from hjemvej.offers.catalogue import OFFERS, ensure_offer
from hjemvej.offers.models import LegalBasis, Referral, ReferralStatus
from hjemvej.people.models import Relationship
from hjemvej.reports.models import ReportJob
from hjemvej.reports.services import run_job
from hjemvej.stays import dst, dst_adult, services
from hjemvej.stays.models import DstCode, Stay
from tests.factories import CitizenFactory, RelationshipFactory, UnitFactory, UserFactory, member
from tests.foundation.test_api import token_for

pytestmark = pytest.mark.django_db

Q_START, Q_END = datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)
PITSTOP_OK = {"substances": ["cannabis"], "pre_interview_done": True}


def offer_unit(municipality, slug, name, spec, tilbudsportalen_id=""):
    unit = UnitFactory(municipality=municipality, kind=Unit.Kind.OFFER, slug=slug, name=name)
    offer = ensure_offer(unit, spec)
    offer.tilbudsportalen_id = tilbudsportalen_id
    offer.save(update_fields=["tilbudsportalen_id"])
    return offer


SEL82 = {
    "legal_basis": LegalBasis.SEL_82,
    "target_group": "Gruppeforløb og individuel støtte",
    "residential": False,
    "criteria": [],
}
SEL107 = {
    "legal_basis": LegalBasis.SEL_107,
    "target_group": "Midlertidigt botilbud",
    "residential": False,
    "criteria": [],
}


@pytest.fixture
def pitstop(ishoj):
    return offer_unit(ishoj, "ishoj-pitstop", "Pitstop", OFFERS["ishoj-pitstop"], "54321")


@pytest.fixture
def pitstop_staff(pitstop):
    return member(UserFactory(username="pitstop.ishoj"), pitstop.unit, Role.OFFER_STAFF)


@pytest.fixture
def team(ishoj):
    return offer_unit(ishoj, "ishoj-team", "Bostøtteteamet", OFFERS["herning-hjemloeseteam"], "777")


@pytest.fixture
def group82(ishoj):
    return offer_unit(ishoj, "ishoj-82", "Netværksgruppen", SEL82)


@pytest.fixture
def housing107(ishoj):
    return offer_unit(ishoj, "ishoj-107", "Midlertidige boliger", SEL107, "888")


def treatment(citizen, offer, contact, start, *, form="1", end=None, ended_how=""):
    """A §101 course as the services leave it: a referral (the citizen's request), admitted,
    and the stay (built directly: these tests are about the statistics), with the citizen's tie
    to the treatment offer."""
    RelationshipFactory(
        citizen=citizen, unit=offer.unit, kind=Relationship.Kind.TREATMENT, started_on=contact
    )
    referral = Referral.objects.create(
        citizen=citizen,
        offer=offer,
        status=ReferralStatus.ADMITTED,
        requested_on=contact,
        decided_on=contact,
    )
    return Stay.objects.create(
        citizen=citizen,
        offer=offer,
        referral=referral,
        residential=False,
        decided_on=start,
        started_on=start,
        ended_on=end,
        ended_how=ended_how,
        treatment_form=form,
    )


def grant(citizen, offer, decided, *, paragraph, start=None, end=None, ended_how="", status=None):
    referral = Referral.objects.create(
        citizen=citizen,
        offer=offer,
        status=status or (ReferralStatus.ADMITTED if start else ReferralStatus.APPROVED),
        requested_on=decided - datetime.timedelta(days=7),
        decided_on=decided,
        paragraph=paragraph,
    )
    if start:
        Stay.objects.create(
            citizen=citizen,
            offer=offer,
            referral=referral,
            residential=False,
            decided_on=start,
            started_on=start,
            ended_on=end,
            ended_how=ended_how,
        )
    return referral


# ---------------------------------------------------------------- the code lists
def test_the_new_lists_are_seeded_with_dates_and_reloading_changes_nothing():
    for name in ("treatment_form", "treatment_ended_how", "paragraph", "offer_ended_how"):
        assert dst.codes_on(name, Q_START).exists(), name
    assert {c for c, _ in dst.choices_on("treatment_form", Q_START)} == {"1", "2", "3"}
    # Every paragraph Hjemvej records has a DST code.
    book = dst.CodeBook()
    for paragraph in ("82a", "82b", "85", "85a", "107"):
        assert book.code_for("paragraph", paragraph, Q_START), paragraph
    out = io.StringIO()
    call_command("load_dst_codes", stdout=out)
    assert "0 nye, 0 ændrede" in out.getvalue()


def test_a_treatment_form_code_changes_on_1_july(tmp_path):
    csv_file = tmp_path / "koder-2026-2.csv"
    csv_file.write_text(
        "list;code;text;valid_from;valid_to;destinations\n"
        "treatment_form;3;Døgnbehandling;2024-01-01;2026-06-30;\n"
        "treatment_form;4;Døgnbehandling (ny kode);2026-07-01;;\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("load_dst_codes", str(csv_file), stdout=out)
    assert "1 nye, 1 ændrede" in out.getvalue()
    june, july = datetime.date(2026, 6, 30), Q_START
    assert dst.is_valid("treatment_form", "3", june) and not dst.is_valid(
        "treatment_form", "3", july
    )
    assert dst.is_valid("treatment_form", "4", july) and not dst.is_valid(
        "treatment_form", "4", june
    )
    assert DstCode.objects.get(code_list="treatment_form", code="3").valid_to == june


# ---------------------------------------------------------------- recorded where it happens
def test_treatment_start_and_end_record_form_and_reason(
    pitstop, pitstop_staff, caseworker_ishoj, citizen_ishoj
):
    with acting_as(caseworker_ishoj):
        referral = offer_services.do_refer(
            user=caseworker_ishoj,
            citizen=citizen_ishoj,
            offer=pitstop,
            facts=PITSTOP_OK,
            on=datetime.date(2026, 7, 1),
        )
        offer_services.do_decide_referral(
            user=caseworker_ishoj, referral=referral, approve=True, on=datetime.date(2026, 7, 3)
        )
    with acting_as(pitstop_staff), pytest.raises(ValidationError) as err:
        services.do_admit(
            user=pitstop_staff,
            offer=pitstop,
            citizen=citizen_ishoj,
            referral=referral,
            started_on=datetime.date(2026, 7, 10),
            treatment_form="9",
        )
    assert err.value.message_dict["treatment_form"] == [
        "Vælg en behandlingsform fra Danmarks Statistiks liste."
    ]
    with acting_as(pitstop_staff):
        stay = services.do_admit(
            user=pitstop_staff,
            offer=pitstop,
            citizen=citizen_ishoj,
            referral=referral,
            started_on=datetime.date(2026, 7, 10),
            treatment_form="2",
        ).stay
    assert stay.treatment_form == "2"
    # How treatment ended is a code of the treatment list, not the §110 list.
    with acting_as(pitstop_staff), pytest.raises(ValidationError) as err:
        services.do_discharge(
            user=pitstop_staff, stay=stay, ended_on=Q_END, destination="unknown", ended_how="77"
        )
    assert "ended_how" in err.value.message_dict
    with acting_as(pitstop_staff):
        stay = services.do_discharge(
            user=pitstop_staff, stay=stay, ended_on=Q_END, destination="unknown", ended_how="02"
        )
    assert stay.ended_how == "02"


def test_the_treatment_admission_and_discharge_forms_ask_for_the_codes(
    pitstop, pitstop_staff, citizen_ishoj, as_user
):
    RelationshipFactory(citizen=citizen_ishoj, unit=pitstop.unit, kind=Relationship.Kind.REFERRAL)
    referral = Referral.objects.create(
        citizen=citizen_ishoj,
        offer=pitstop,
        status=ReferralStatus.APPROVED,
        requested_on=Q_START,
        decided_on=Q_START,
        facts=PITSTOP_OK,
    )
    client = as_user(pitstop_staff)
    page = client.get(f"/ophold/optag/{referral.uuid}/").content.decode()
    assert "Behandlingsform" in page and "1 Ambulant behandling" in page
    assert "Opholdstype" not in page
    stay = treatment(CitizenFactory(acting_municipality=citizen_ishoj.acting_municipality),
                     pitstop, Q_START, Q_START)  # fmt: skip
    page = client.get(f"/ophold/{stay.uuid}/udskriv/").content.decode()
    assert "Hvordan behandlingen sluttede" in page and "02 Borgeren afbrød behandlingen" in page


def test_a_grant_records_its_paragraph(group82, team, caseworker_ishoj, citizen_ishoj, ishoj):
    with acting_as(caseworker_ishoj):
        referral = offer_services.do_refer(
            user=caseworker_ishoj, citizen=citizen_ishoj, offer=group82, on=Q_START
        )
        with pytest.raises(ValidationError) as err:
            offer_services.do_decide_referral(
                user=caseworker_ishoj, referral=referral, approve=True, on=Q_START
            )
        assert err.value.message_dict["paragraph"] == [offer_services.PARAGRAPH_82]
        referral = offer_services.do_decide_referral(
            user=caseworker_ishoj, referral=referral, approve=True, on=Q_START, paragraph="82b"
        )
        assert referral.paragraph == "82b"
        other = offer_services.do_refer(
            user=caseworker_ishoj, citizen=CitizenFactory(acting_municipality=ishoj), offer=team
        )
        other = offer_services.do_decide_referral(
            user=caseworker_ishoj, referral=other, approve=True, paragraph="82a"
        )
    assert other.paragraph == "85"  # given by the offer's legal basis


def test_the_database_refuses_a_paragraph_without_a_decision(group82, citizen_ishoj):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(
            citizen=citizen_ishoj, offer=group82, requested_on=Q_START, paragraph="82a"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(
            citizen=citizen_ishoj,
            offer=group82,
            requested_on=Q_START,
            decided_on=Q_START,
            paragraph="99",
        )


def test_the_referral_page_asks_for_82a_or_82b_and_fixes_a_grant_without_it(
    group82, caseworker_ishoj, citizen_ishoj, as_user
):
    client = as_user(caseworker_ishoj)
    referral = Referral.objects.create(citizen=citizen_ishoj, offer=group82, requested_on=Q_START)
    page = client.get(f"/tilbud/visitation/{referral.uuid}/").content.decode()
    assert "Bevilges efter" in page and "§82b (individuel, tidsbegrænset støtte)" in page
    response = client.post(f"/tilbud/visitation/{referral.uuid}/approve/", {"reason": ""})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REQUESTED  # refused without the paragraph
    client.post(f"/tilbud/visitation/{referral.uuid}/approve/", {"paragraph": "82a"})
    referral.refresh_from_db()
    assert (referral.status, referral.paragraph) == (ReferralStatus.APPROVED, "82a")
    # A grant made without it (e.g. through the API) is corrected on the same page.
    Referral.objects.filter(pk=referral.pk).update(paragraph="")
    page = client.get(f"/tilbud/visitation/{referral.uuid}/").content.decode()
    assert 'id="paragraph-form"' in page
    response = client.post(f"/tilbud/visitation/{referral.uuid}/paragraph/", {"paragraph": "82b"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.paragraph == "82b"
    assert AuditEntry.objects.filter(
        action=Action.CHANGE, object_id=str(referral.uuid), summary__contains="§82b"
    ).exists()


# ---------------------------------------------------------------- the quarter
@pytest.fixture
def treatments(pitstop, ishoj, ballerup):
    """Q3 2026 at Pitstop: a complete course, one with gaps and a late start, two overlapping
    courses of one citizen, a course of another municipality's citizen and one before the
    quarter."""
    good = treatment(CitizenFactory(first_name="Anna", acting_municipality=ishoj), pitstop,
                     datetime.date(2026, 6, 25), datetime.date(2026, 7, 1),
                     end=datetime.date(2026, 8, 15), ended_how="01")  # fmt: skip
    late = treatment(CitizenFactory(first_name="Bent", acting_municipality=ishoj), pitstop,
                     datetime.date(2026, 7, 1), datetime.date(2026, 7, 20), form="",
                     end=datetime.date(2026, 9, 1))  # fmt: skip
    carl = CitizenFactory(first_name="Carl", acting_municipality=ishoj)
    first = treatment(carl, pitstop, datetime.date(2026, 7, 1), datetime.date(2026, 7, 5))
    second = treatment(carl, pitstop, datetime.date(2026, 7, 25), datetime.date(2026, 8, 1),
                       form="3")  # fmt: skip
    treatment(CitizenFactory(first_name="Dora", acting_municipality=ballerup), pitstop,
              datetime.date(2026, 7, 1), datetime.date(2026, 7, 2))  # fmt: skip
    treatment(CitizenFactory(first_name="Erik", acting_municipality=ishoj), pitstop,
              datetime.date(2026, 4, 1), datetime.date(2026, 4, 2),
              end=datetime.date(2026, 5, 1), ended_how="01")  # fmt: skip
    return {"good": good, "late": late, "first": first, "second": second}


def test_the_treatment_check_lists_the_gaps(ishoj, treatments):
    stays = dst_adult.load(dst_adult.TREATMENT, ishoj.pk, 2026, 3)
    assert len(stays) == 4  # not Ballerup's citizen, not the course of April
    found = {
        (g.stay.citizen.first_name, g.field) for g in dst_adult.check_treatments(2026, 3, stays)
    }
    assert found == {
        ("Bent", "treatment_form"),
        ("Bent", "guarantee"),
        ("Bent", "treatment_ended_how"),
        ("Carl", "treatment_overlap"),
    }
    gap = next(g for g in dst_adult.check_treatments(2026, 3, stays) if g.field == "guarantee")
    assert gap.text == (
        "Behandlingen startede 19 dage efter henvendelsen 01.07.2026 (garantien er 14 dage)."
    )
    for stay in stays:
        stay.offer.tilbudsportalen_id = ""
    assert ("tilbudsportalen_id", None) in {
        (g.field, g.stay) for g in dst_adult.check_treatments(2026, 3, stays)
    }


def assert_valid_treatment_line(line: str) -> None:
    """The project's own field rules for a line of the treatment file."""
    cpr, tp, contact, start, form, end, ended_how = line.split(";")
    assert re.fullmatch(r"\d{10}", cpr) and re.fullmatch(r"\d*", tp)
    assert re.fullmatch(r"(\d{8})?", contact) and re.fullmatch(r"\d{8}", start)
    assert re.fullmatch(r"(\d{8})?", end)
    started = datetime.datetime.strptime(start, "%Y%m%d").date()
    assert form == "" or dst.is_valid("treatment_form", form, started), line
    if end:
        ended = datetime.datetime.strptime(end, "%Y%m%d").date()
        assert ended >= started
        assert ended_how == "" or dst.is_valid("treatment_ended_how", ended_how, ended), line
    else:
        assert ended_how == ""


def test_the_treatment_rows_and_file(ishoj, treatments):
    stays = dst_adult.load(dst_adult.TREATMENT, ishoj.pk, 2026, 3)
    rows = dst_adult.treatment_rows(2026, 3, stays)
    good = treatments["good"]
    assert [good.citizen.cpr, "54321", "20260625", "20260701", "1", "20260815", "01"] in rows
    text = dst_adult.text_file(dst_adult.TREATMENT, rows).decode()
    lines = text.split("\r\n")
    assert (
        lines[0] == "cpr;tilbudsportalen_id;contact_on;started_on;treatment_form;ended_on;ended_how"
    )
    assert len(lines) == 6 and lines[-1] == ""
    for line in lines[1:-1]:
        assert_valid_treatment_line(line)


@pytest.fixture
def decisions(ishoj, team, group82, housing107):
    """Q3 2026: a §85 grant started and ended in the quarter, a §82 grant without its
    paragraph and not started, a §107 grant of the spring still running, one ended without a
    reason; outside: an ended grant of the winter, a refusal, a grant to a 17-year-old."""
    full = grant(CitizenFactory(first_name="Anna", acting_municipality=ishoj), team,
                 datetime.date(2026, 7, 10), paragraph="85", start=datetime.date(2026, 7, 15),
                 end=datetime.date(2026, 9, 10), ended_how="01")  # fmt: skip
    no_paragraph = grant(CitizenFactory(first_name="Bent", acting_municipality=ishoj), group82,
                         datetime.date(2026, 8, 1), paragraph="")  # fmt: skip
    running = grant(CitizenFactory(first_name="Carl", acting_municipality=ishoj), housing107,
                    datetime.date(2026, 3, 1), paragraph="107",
                    start=datetime.date(2026, 3, 10))  # fmt: skip
    no_reason = grant(CitizenFactory(first_name="Dora", acting_municipality=ishoj), team,
                      datetime.date(2026, 6, 1), paragraph="85", start=datetime.date(2026, 6, 5),
                      end=datetime.date(2026, 8, 5))  # fmt: skip
    grant(CitizenFactory(first_name="Erik", acting_municipality=ishoj), team,
          datetime.date(2026, 2, 1), paragraph="85", start=datetime.date(2026, 2, 2),
          end=datetime.date(2026, 5, 1), ended_how="01")  # fmt: skip
    Referral.objects.create(
        citizen=CitizenFactory(first_name="Finn", acting_municipality=ishoj),
        offer=team,
        status=ReferralStatus.REFUSED,
        requested_on=Q_START,
        decided_on=Q_START,
    )
    grant(CitizenFactory(first_name="Gry", acting_municipality=ishoj,
                         birth_date=datetime.date(2009, 1, 1)), team, Q_START,
          paragraph="85")  # fmt: skip
    return {"full": full, "no_paragraph": no_paragraph, "running": running, "no_reason": no_reason}


def test_the_decision_check_and_rows(ishoj, decisions):
    referrals = dst_adult.load(dst_adult.DECISIONS, ishoj.pk, 2026, 3)
    assert {r.citizen.first_name for r in referrals} == {"Anna", "Bent", "Carl", "Dora"}
    found = {
        (g.referral.citizen.first_name, g.field)
        for g in dst_adult.check_decisions(2026, 3, referrals)
    }
    assert found == {("Bent", "paragraph"), ("Dora", "offer_ended_how")}
    rows = {r[0]: r for r in dst_adult.decision_rows(2026, 3, referrals)}
    full, running = decisions["full"], decisions["running"]
    assert rows[full.citizen.cpr] == [
        full.citizen.cpr, "85", "20260710", "777", "20260715", "20260910", "01"
    ]  # fmt: skip
    assert rows[running.citizen.cpr] == [
        running.citizen.cpr, "107", "20260301", "888", "20260310", "", ""
    ]  # fmt: skip
    assert rows[decisions["no_paragraph"].citizen.cpr][1:5] == ["", "20260801", "", ""]
    lines = dst_adult.text_file(dst_adult.DECISIONS, list(rows.values())).decode().split("\r\n")
    assert lines[0] == "cpr;paragraph;decided_on;tilbudsportalen_id;started_on;ended_on;ended_how"


def test_the_check_and_the_rows_do_not_query_per_record(
    ishoj, pitstop, team, treatments, decisions, django_assert_max_num_queries
):
    for i in range(8):
        citizen = CitizenFactory(acting_municipality=ishoj)
        treatment(citizen, pitstop, Q_START, Q_START + datetime.timedelta(days=i))
        grant(citizen, team, Q_START, paragraph="85", start=Q_START)
    with django_assert_max_num_queries(3):
        stays = dst_adult.load(dst_adult.TREATMENT, ishoj.pk, 2026, 3)
        dst_adult.check_treatments(2026, 3, stays)
        dst_adult.treatment_rows(2026, 3, stays)
    with django_assert_max_num_queries(5):
        referrals = dst_adult.load(dst_adult.DECISIONS, ishoj.pk, 2026, 3)
        dst_adult.check_decisions(2026, 3, referrals)
        dst_adult.decision_rows(2026, 3, referrals)
    assert len(referrals) == 12


# ---------------------------------------------------------------- the pages and the export
@pytest.fixture
def authority_manager(ishoj_authority):
    return member(UserFactory(username="leder.myndighed"), ishoj_authority, Role.MANAGER)


def test_the_manager_checks_fixes_and_exports_the_treatment_quarter(
    ishoj_authority, treatments, authority_manager, pitstop_staff, as_user
):
    client = as_user(authority_manager)
    index = client.get("/rapporter/dst/").content.decode()
    url = f"/rapporter/dst/myndighed/{ishoj_authority.uuid}/behandling/"
    assert url in index
    page = client.get(url + "?kvartal=2026-3").content.decode()
    assert "4 behandlingsforløb overlapper kvartalet" in page
    assert "4 forhold" in page and "Behandlingsformen mangler." in page
    bent = treatments["late"]
    fix_url = f"/ophold/{bent.uuid}/dst/"
    assert fix_url in page
    assert AuditEntry.objects.filter(
        action=Action.READ, summary__contains="§101-stofmisbrugsbehandling"
    ).exists()
    # The treatment offer's staff fixes the course.
    staff = as_user(pitstop_staff)
    form = staff.get(fix_url).content.decode()
    assert "Behandlingsform" in form and "Hvordan behandlingen sluttede" in form
    assert "Opholdstype" not in form
    response = staff.post(fix_url, {"treatment_form": "9", "ended_how": "01"})
    assert "Vælg en af koderne på listen." in response.content.decode()
    response = staff.post(fix_url, {"treatment_form": "1", "ended_how": "01"})
    assert response.status_code == 302
    bent.refresh_from_db()
    assert (bent.treatment_form, bent.ended_how) == ("1", "01")
    page = client.get(url + "?kvartal=2026-3").content.decode()
    assert "2 forhold" in page  # the late start and the overlap stay
    for fmt in ("txt", "xlsx"):
        response = client.post(url + "bestil/", {"kvartal": "2026-3", "format": fmt})
        assert response.status_code == 302
        job = ReportJob.objects.get(requested_by=authority_manager, kind=f"dst-treatment-{fmt}")
        assert job.params == {"myndighed": str(ishoj_authority.uuid), "kvartal": "2026-3"}
        assert "3. kvartal 2026" in job.title
        job = run_job(str(job.uuid))
        assert job.status == ReportJob.Status.DONE, job.error
        download = client.get(f"/rapporter/koersel/{job.uuid}/hent/")
        assert AuditEntry.objects.filter(action=Action.EXPORT, object_id=str(job.uuid)).exists()
        content = b"".join(download.streaming_content) if download.streaming else download.content
        if fmt == "txt":
            assert job.filename == "dst-behandling-ishoj-myndighed-2026K3.txt"
            lines = content.decode().split("\r\n")[1:-1]
            assert len(lines) == 4
            for line in lines:
                assert_valid_treatment_line(line)
        else:
            sheet = load_workbook(io.BytesIO(content))["Behandlinger"]
            assert [c.value for c in sheet[1]] == [label for _, label in dst_adult.TREATMENT_FIELDS]
            assert sheet.max_row == 5


def test_the_decision_worklist_links_to_the_referral_and_exports(
    ishoj_authority, decisions, authority_manager, as_user
):
    client = as_user(authority_manager)
    url = f"/rapporter/dst/myndighed/{ishoj_authority.uuid}/afgoerelser/"
    page = client.get(url + "?kvartal=2026-3").content.decode()
    assert "4 afgørelser" in page and "2 forhold" in page
    assert f"/tilbud/visitation/{decisions['no_paragraph'].uuid}/#paragraph-form" in page
    assert f"/ophold/{decisions['no_reason'].stays.get().uuid}/dst/" in page
    client.post(url + "bestil/", {"kvartal": "2026-3", "format": "xlsx"})
    job = run_job(str(ReportJob.objects.get(kind="dst-decisions-xlsx").uuid))
    assert job.status == ReportJob.Status.DONE, job.error
    download = client.get(f"/rapporter/koersel/{job.uuid}/hent/")
    content = b"".join(download.streaming_content) if download.streaming else download.content
    sheet = load_workbook(io.BytesIO(content))["Afgørelser"]
    assert sheet.max_row == 5
    assert {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)} == {
        "85",
        "107",
        None,
    }


def test_only_the_authoritys_manager_sees_and_exports(
    ishoj_authority,
    ballerup_authority,
    treatments,
    caseworker_ishoj,
    caseworker_ballerup,
    analyst_ishoj,
    pitstop_staff,
    as_user,
):
    ballerup_manager = member(UserFactory(username="leder.ballerup"), ballerup_authority,
                              Role.MANAGER)  # fmt: skip
    for user in (caseworker_ishoj, caseworker_ballerup, analyst_ishoj, pitstop_staff,
                 ballerup_manager):  # fmt: skip
        client = as_user(user)
        for kind in ("behandling", "afgoerelser"):
            url = f"/rapporter/dst/myndighed/{ishoj_authority.uuid}/{kind}/"
            assert client.get(url).status_code == 404, user
            response = client.post(url + "bestil/", {"kvartal": "2026-3", "format": "txt"})
            assert response.status_code == 404
    # Ballerup's manager exports Ballerup's own, not Ishøj's.
    client = as_user(ballerup_manager)
    url = f"/rapporter/dst/myndighed/{ballerup_authority.uuid}/behandling/?kvartal=2026-3"
    assert "1 behandlingsforløb" in client.get(url).content.decode()
    assert not ReportJob.objects.exists()
    # A job ordered by someone who since lost the role is refused when it runs.
    manager = member(UserFactory(username="leder.tidligere"), ishoj_authority, Role.MANAGER)
    as_user(manager).post(
        f"/rapporter/dst/myndighed/{ishoj_authority.uuid}/behandling/bestil/",
        {"kvartal": "2026-3", "format": "txt"},
    )
    manager.memberships.all().delete()
    if hasattr(manager, "_hjemvej_memberships"):
        del manager._hjemvej_memberships
    job = run_job(str(ReportJob.objects.get(requested_by=manager).uuid))
    assert job.status != ReportJob.Status.DONE


def test_the_api_takes_and_shows_the_treatment_form(
    pitstop, pitstop_staff, caseworker_ishoj, citizen_ishoj, client
):
    with acting_as(caseworker_ishoj):
        referral = offer_services.do_refer(
            user=caseworker_ishoj, citizen=citizen_ishoj, offer=pitstop, facts=PITSTOP_OK
        )
        offer_services.do_decide_referral(user=caseworker_ishoj, referral=referral, approve=True)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for(client, pitstop_staff.username)}"}
    response = client.post(
        "/api/v1/stays",
        {
            "offer": str(pitstop.uuid),
            "citizen": str(citizen_ishoj.uuid),
            "referral": str(referral.uuid),
            "facts": PITSTOP_OK,
            "treatment_form": "1",
        },
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
    assert response.json()["stay"]["treatment_form"] == "1"


def test_an_export_of_the_demo_quarter_keeps_the_field_rules_and_lists_the_gaps():
    """The demo's Ishøj authority this quarter: Pitstop's course has its form and is on the
    worklist for its late start (and the offer's missing Tilbudsportalen id); Ballerup's and
    Herning's grants carry their paragraphs."""
    from django.utils import timezone

    from hjemvej.accounts.models import Municipality

    call_command("demo", "--no-migrate", stdout=io.StringIO())
    today = timezone.localdate()
    year, quarter = today.year, (today.month - 1) // 3 + 1
    ishoj = Municipality.objects.get(code=183)
    stays = dst_adult.load(dst_adult.TREATMENT, ishoj.pk, year, quarter)
    assert stays and all(s.treatment_form for s in stays)
    lines = (
        dst_adult.text_file(dst_adult.TREATMENT, dst_adult.treatment_rows(year, quarter, stays))
        .decode()
        .split("\r\n")[1:-1]
    )
    assert len(lines) == len(stays)
    for line in lines:
        assert_valid_treatment_line(line)
    gaps = {g.field for g in dst_adult.check_treatments(year, quarter, stays)}
    assert "guarantee" in gaps and "treatment_form" not in gaps
    for code in (151, 657):
        municipality = Municipality.objects.get(code=code)
        referrals = dst_adult.load(dst_adult.DECISIONS, municipality.pk, year, quarter)
        assert referrals and all(r.paragraph for r in referrals)
        rows = dst_adult.decision_rows(year, quarter, referrals)
        assert all(row[1] for row in rows)
