"""Issue 15, item 8: the citizen's treatment goal at Pitstop – stop, reduce or stabilise – is
recorded on the treatment plan and counted in the outcome report."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hjemvej.audit.context import acting_as
from hjemvej.plans import rules, services
from hjemvej.plans.models import Plan
from hjemvej.reports import selectors as report_selectors

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def treatment_plan(user, citizen, unit, goal="stop"):
    with acting_as(user):
        return services.do_create_plan(
            user=user,
            citizen=citizen,
            kind=Plan.Kind.TREATMENT,
            unit=unit,
            starts_on=TODAY,
            purpose="Behandling for brug af hash",
            treatment_goal=goal,
        )


def test_the_three_goals_are_the_citizens_choice():
    assert rules.TREATMENT_GOALS == [
        ("stop", "Ophør"),
        ("reduce", "Reduktion"),
        ("stabilise", "Stabilisering"),
    ]


def test_the_goal_is_recorded_on_the_treatment_plan_and_changed_as_a_new_version(
    shelter_worker_ishoj, resident_ishoj, ishoj_shelter_unit
):
    plan = treatment_plan(shelter_worker_ishoj, resident_ishoj, ishoj_shelter_unit, "reduce")
    assert plan.get_treatment_goal_display() == "Reduktion"
    with acting_as(shelter_worker_ishoj):
        plan = services.do_update_plan(
            user=shelter_worker_ishoj,
            plan=plan,
            version=plan.version,
            changes={"treatment_goal": "stabilise"},
        )
    assert plan.treatment_goal == "stabilise" and plan.version == 2
    with acting_as(shelter_worker_ishoj), pytest.raises(ValidationError) as bad:
        services.do_update_plan(
            user=shelter_worker_ishoj,
            plan=plan,
            version=plan.version,
            changes={"treatment_goal": "quit"},
        )
    assert bad.value.message_dict == {
        "treatment_goal": ["Vælg ophør, reduktion eller stabilisering."]
    }


def test_only_a_treatment_plan_has_a_treatment_goal(
    caseworker_ishoj, citizen_ishoj, ishoj_authority
):
    with acting_as(caseworker_ishoj), pytest.raises(ValidationError) as bad:
        services.do_create_plan(
            user=caseworker_ishoj,
            citizen=citizen_ishoj,
            kind=Plan.Kind.ACTION_141,
            unit=ishoj_authority,
            starts_on=TODAY,
            purpose="Egen bolig",
            treatment_goal="stop",
        )
    assert bad.value.message_dict == {
        "treatment_goal": ["Et behandlingsmål hører kun til en behandlingsplan."]
    }
    # And the database says so too.
    plan = Plan.objects.create(
        citizen=citizen_ishoj,
        kind=Plan.Kind.ACTION_141,
        unit=ishoj_authority,
        starts_on=TODAY,
        purpose="x",
        created_by=caseworker_ishoj,
    )
    with transaction.atomic(), pytest.raises(IntegrityError):
        Plan.objects.filter(pk=plan.pk).update(treatment_goal="stop")


def test_the_plan_page_and_the_api_show_the_goal(
    shelter_worker_ishoj, resident_ishoj, ishoj_shelter_unit, as_user
):
    client = as_user(shelter_worker_ishoj)
    response = client.post(
        f"/api/v1/citizens/{resident_ishoj.uuid}/plans",
        {
            "kind": "treatment",
            "unit": str(ishoj_shelter_unit.uuid),
            "starts_on": TODAY.isoformat(),
            "purpose": "Behandling",
            "treatment_goal": "stabilise",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["treatment_goal"] == "stabilise"
    plan = Plan.objects.get(uuid=response.json()["id"])
    page = client.get(f"/planer/{resident_ishoj.uuid}/plan/{plan.uuid}/").content.decode()
    assert "Borgerens behandlingsmål" in page and "Stabilisering" in page


def test_the_outcome_report_counts_the_goals(
    shelter_worker_ishoj, resident_ishoj, ishoj_shelter_unit, manager_ishoj
):
    treatment_plan(shelter_worker_ishoj, resident_ishoj, ishoj_shelter_unit, "stop")
    treatment_plan(shelter_worker_ishoj, resident_ishoj, ishoj_shelter_unit, "")
    scope = report_selectors.scope_for(manager_ishoj, {"tilbud": str(ishoj_shelter_unit.uuid)})
    report = report_selectors.outcome_report(scope, TODAY.year)
    stop = report.figure("treatment_goal-stop")
    assert (stop.count, stop.total) == (1, 2)
    assert report.figure("treatment_goal-reduce").count == 0
    assert report.figure("treatment_goal-none").count == 1
