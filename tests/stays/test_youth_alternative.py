"""Issue 15, item 1: under 25 at a §110 shelter is a duty, not a bar. The young citizen is
admitted like anyone else; the stay is flagged; the acting municipality gets a task with a
deadline to offer an alternative; recording the alternative and the answer closes the task;
a municipality's policy (Herning) adds a figure to the outcome report."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError

from hjemvej.accounts.models import Role, Unit
from hjemvej.audit.context import acting_as
from hjemvej.audit.models import AuditEntry
from hjemvej.deadlines.models import Task
from hjemvej.offers.catalogue import OFFERS, ensure_offer
from hjemvej.offers.models import Offer
from hjemvej.reports import selectors as report_selectors
from hjemvej.stays import rules, selectors, services
from hjemvej.stays.models import Flag, YouthAlternative
from tests.factories import CitizenFactory, UnitFactory, UserFactory, member
from tests.foundation.test_api import token_for
from tests.offers.helpers import SHELTER_OK

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
ARRIVED = TODAY - datetime.timedelta(days=5)


@pytest.fixture
def shelter(ishoj_shelter_unit):
    return ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])


@pytest.fixture
def herning_caseworker(herning):
    authority = UnitFactory(
        municipality=herning, kind=Unit.Kind.AUTHORITY, slug="herning-myndighed"
    )
    return member(UserFactory(username="sagsbehandler.herning"), authority, Role.CASEWORKER)


def born_years_ago(years: int) -> datetime.date:
    return datetime.date(ARRIVED.year - years, 1, 1) - datetime.timedelta(days=1)


def arrive(shelter, worker, citizen):
    with acting_as(worker):
        return services.do_register_arrival(
            user=worker, offer=shelter, citizen=citizen, facts=SHELTER_OK, arrived_on=ARRIVED
        )


def test_the_youth_deadline_is_one_rule():
    assert rules.YOUTH_ALTERNATIVE_DAYS == 14
    assert dict(rules.YOUTH_ANSWERS) == {"accepted": "Tog imod", "declined": "Sagde nej tak"}


def test_a_twenty_two_year_old_is_admitted_flagged_and_the_municipality_gets_a_task(
    ishoj, shelter, shelter_worker_ishoj
):
    young = CitizenFactory(acting_municipality=ishoj, birth_date=born_years_ago(22))
    result = arrive(shelter, shelter_worker_ishoj, young)

    assert result.admitted and not result.refused
    flag = Flag.objects.get(stay=result.stay, kind=Flag.Kind.UNDER_25)
    assert "Borgeren er under 25 år" in flag.text
    assert "politik" not in flag.text  # Ishøj has no policy of its own: the duty alone
    task = Task.objects.get(stay=result.stay, kind=Task.Kind.YOUTH_ALTERNATIVE)
    assert task.municipality == ishoj and task.unit is None
    assert task.due_on == result.stay.decided_on + datetime.timedelta(days=14)
    assert task.done_on is None


def test_twenty_five_gets_neither_flag_nor_task(ishoj, shelter, shelter_worker_ishoj):
    adult = CitizenFactory(acting_municipality=ishoj, birth_date=born_years_ago(25))
    result = arrive(shelter, shelter_worker_ishoj, adult)
    assert result.admitted
    assert not Flag.objects.filter(stay=result.stay).exists()
    assert not Task.objects.filter(stay=result.stay, kind=Task.Kind.YOUTH_ALTERNATIVE).exists()


def test_herning_policy_adds_its_words_to_the_flag_and_the_task_goes_to_herning(
    herning, shelter, shelter_worker_ishoj, herning_caseworker
):
    herning.youth_shelter_policy = True
    herning.save(update_fields=["youth_shelter_policy"])
    young = CitizenFactory(acting_municipality=herning, birth_date=born_years_ago(22))
    result = arrive(shelter, shelter_worker_ishoj, young)
    flag = Flag.objects.get(stay=result.stay)
    assert flag.text.startswith(
        "Herning Kommunes politik: som hovedregel bor ingen borger under 25"
    )
    task = Task.objects.get(stay=result.stay, kind=Task.Kind.YOUTH_ALTERNATIVE)
    assert task.municipality == herning
    # On the Herning caseworker's worklist.
    assert task in list(selectors.open_tasks(user=herning_caseworker, overdue=False, today=TODAY))


def test_recording_the_alternative_closes_the_task_and_is_audited(
    herning, shelter, shelter_worker_ishoj, herning_caseworker
):
    young = CitizenFactory(acting_municipality=herning, birth_date=born_years_ago(20))
    stay = arrive(shelter, shelter_worker_ishoj, young).stay
    task = Task.objects.get(stay=stay, kind=Task.Kind.YOUTH_ALTERNATIVE)
    with acting_as(herning_caseworker), pytest.raises(ValidationError) as plain:
        services.do_complete_task(user=herning_caseworker, task=task)
    assert "registrere det tilbudte alternativ" in str(plain.value)

    with acting_as(herning_caseworker):
        record = services.do_record_youth_alternative(
            user=herning_caseworker,
            stay=stay,
            alternative="youth_housing",
            description="Ungeboligen på Bredgade",
            answer="declined",
            offered_on=TODAY,
        )
    task.refresh_from_db()
    assert task.done_on == TODAY and task.done_by == herning_caseworker
    assert task.note == "Ungebolig (§107): sagde nej tak"
    assert record.get_answer_display() == "Sagde nej tak"
    entry = AuditEntry.objects.filter(citizen_uuid=young.uuid).order_by("-id").first()
    assert entry.summary.startswith("Alternativ til herberget tilbudt: Ungebolig (§107)")
    with acting_as(herning_caseworker), pytest.raises(ValidationError, match="allerede"):
        services.do_record_youth_alternative(
            user=herning_caseworker,
            stay=stay,
            alternative="other",
            description="x",
            answer="accepted",
            offered_on=TODAY,
        )


def test_bad_input_gets_danish_messages_by_the_field(
    ishoj, shelter, shelter_worker_ishoj, caseworker_ishoj
):
    young = CitizenFactory(acting_municipality=ishoj, birth_date=born_years_ago(19))
    stay = arrive(shelter, shelter_worker_ishoj, young).stay
    with acting_as(caseworker_ishoj), pytest.raises(ValidationError) as bad:
        services.do_record_youth_alternative(
            user=caseworker_ishoj,
            stay=stay,
            alternative="other",
            answer="maybe",
            offered_on=ARRIVED - datetime.timedelta(days=1),
        )
    errors = bad.value.message_dict
    assert errors["description"] == ["Beskriv det alternativ, borgeren blev tilbudt."]
    assert errors["answer"] == ["Vælg om borgeren tog imod alternativet eller sagde nej tak."]
    assert "før indflytningen" in errors["offered_on"][0]
    assert not YouthAlternative.objects.exists()


def test_the_form_records_it_and_the_page_shows_the_task_closed(
    ishoj, shelter, shelter_worker_ishoj, caseworker_ishoj, as_user
):
    young = CitizenFactory(
        acting_municipality=ishoj, birth_date=born_years_ago(22), first_name="Mikkel"
    )
    stay = arrive(shelter, shelter_worker_ishoj, young).stay
    client = as_user(caseworker_ishoj)
    # The home page counts the open deadlines; the list of them holds the task and its button.
    assert "/ophold/arbejdsliste/frister/" in client.get("/").content.decode()
    tasks = client.get("/ophold/arbejdsliste/frister/").content.decode()
    assert "Tilbyd et alternativ til herberget (borger under 25 år)" in tasks
    assert f"/ophold/{stay.uuid}/alternativ/" in tasks
    url = f"/ophold/{stay.uuid}/alternativ/"
    empty = client.post(url, {"alternative": ""}).content.decode()
    assert "Vælg det alternativ, borgeren blev tilbudt." in empty
    response = client.post(
        url,
        {"alternative": "youth_housing", "offered_on": TODAY.isoformat(), "answer": "accepted"},
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Opgaven er lukket" in page and "Borgerens svar: tog imod." in page
    # The shelter sees the task but may not record it: the authority's duty.
    assert as_user(shelter_worker_ishoj).get(url).status_code == 404


def test_the_api_records_the_alternative(
    herning, shelter, shelter_worker_ishoj, herning_caseworker, client
):
    young = CitizenFactory(acting_municipality=herning, birth_date=born_years_ago(23))
    stay = arrive(shelter, shelter_worker_ishoj, young).stay
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_for(client, 'sagsbehandler.herning')}"
    url = f"/api/v1/stays/{stay.uuid}/youth-alternative"
    bad = client.post(
        url,
        {"alternative": "x", "answer": "accepted", "offered_on": str(TODAY)},
        content_type="application/json",
    )
    assert bad.status_code == 422
    response = client.post(
        url,
        {"alternative": "housing_support", "answer": "accepted", "offered_on": str(TODAY)},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["alternative_label"] == "Egen bolig med bostøtte (§85)"
    assert body["task_done_on"] == str(TODAY)


def test_herning_policy_adds_the_report_figures(
    herning, shelter, shelter_worker_ishoj, herning_caseworker
):
    manager_unit = UnitFactory(
        municipality=herning, kind=Unit.Kind.AUTHORITY, slug="herning-ledelse"
    )
    manager = member(UserFactory(username="leder.herning"), manager_unit, Role.MANAGER)
    stays = []
    for years in (19, 21, 23):
        citizen = CitizenFactory(acting_municipality=herning, birth_date=born_years_ago(years))
        stays.append(arrive(shelter, shelter_worker_ishoj, citizen).stay)
    with acting_as(herning_caseworker):
        for stay, answer in zip(stays[:2], ["accepted", "declined"], strict=True):
            services.do_record_youth_alternative(
                user=herning_caseworker,
                stay=stay,
                alternative="youth_housing",
                answer=answer,
                offered_on=TODAY,
            )
    scope = report_selectors.scope_for(manager, {"kommune": str(herning.code)})
    report = report_selectors.outcome_report(scope, ARRIVED.year)
    assert report.figure("youth_stays").count == 3
    assert (report.figure("youth_offered").count, report.figure("youth_offered").total) == (2, 3)
    assert (report.figure("youth_accepted").count, report.figure("youth_accepted").total) == (1, 2)

    herning.youth_shelter_policy = False
    herning.save(update_fields=["youth_shelter_policy"])
    scope = report_selectors.scope_for(manager, {"kommune": str(herning.code)})
    assert report_selectors.outcome_report(scope, ARRIVED.year).figure("youth_stays") is None


@pytest.fixture
def herning(herning):
    herning.youth_shelter_policy = True
    herning.save(update_fields=["youth_shelter_policy"])
    return herning


def test_the_migration_takes_the_criterion_off_every_offer(ishoj_shelter_unit):
    offer = ensure_offer(
        ishoj_shelter_unit,
        dict(
            OFFERS["ishoj-herberg"],
            criteria=[
                *OFFERS["ishoj-herberg"]["criteria"],
                {"kind": "alternative_under", "age": 25},
            ],
        ),
    )
    migration = importlib.import_module(
        "hjemvej.offers.migrations.0004_offers_under_25_is_no_criterion"
    )
    migration.forward(django_apps, None)
    offer = Offer.objects.get(pk=offer.pk)
    assert offer.criteria == OFFERS["ishoj-herberg"]["criteria"]


def test_the_municipalitys_administrator_sets_the_policy_in_the_administration(
    ishoj, herning, admin_user, caseworker_ishoj, as_user
):
    client = as_user(admin_user)
    assert (
        f"/administration/kommune/{ishoj.code}/" in client.get("/administration/").content.decode()
    )
    url = f"/administration/kommune/{ishoj.code}/"
    page = client.get(url).content.decode()
    assert "politik: som hovedregel ingen under ungealderen på herberg" in page.lower()
    response = client.post(url, {"youth_age": "10"})
    assert "Ungealderen skal være mellem 18 og 30 år." in response.content.decode()
    ishoj.refresh_from_db()
    assert ishoj.youth_age == 25
    response = client.post(url, {"youth_age": "25", "youth_shelter_policy": "on"})
    assert response.status_code == 302
    ishoj.refresh_from_db()
    assert ishoj.youth_shelter_policy
    assert AuditEntry.objects.filter(summary__startswith="Kommunens indstillinger rettet").exists()
    # Not another municipality's setting, and not for a caseworker.
    assert client.get(f"/administration/kommune/{herning.code}/").status_code == 404
    assert as_user(caseworker_ishoj).get(url).status_code == 404


def test_the_youth_and_treatment_sections_render_in_the_page_and_the_files(
    herning, shelter, shelter_worker_ishoj, herning_caseworker
):
    from hjemvej.reports import exports, outcome, present

    data = outcome.YearData(
        year=TODAY.year,
        youth_policy=True,
        youth=[
            outcome.YouthRecord(1, "Herberget", TODAY, "youth_housing", "accepted"),
            outcome.YouthRecord(2, "Herberget", TODAY),
        ],
        treatment_plans=[outcome.TreatmentPlanRecord(3, TODAY, None, "reduce")],
    )
    sections = present.present(outcome.compute(data), for_analyst=True)
    titles = [s.title for s in sections]
    assert "Unge under 25 år på herberg" in titles
    assert "Behandlingsmål (borgerens eget valg)" in titles
    youth = next(s for s in sections if s.title == "Unge under 25 år på herberg")
    assert all(f.suppressed for f in youth.figures)  # fewer than 5 citizens for an analyst
    assert exports.outcome_workbook("Resultater", sections)[:2] == b"PK"
    assert exports.outcome_pdf("Resultater", "x", sections)[:4] == b"%PDF"
    shown = present.present(outcome.compute(data), for_analyst=False)
    youth = next(s for s in shown if s.title == "Unge under 25 år på herberg")
    assert [f.count for f in youth.figures] == [2, 1, 1]
