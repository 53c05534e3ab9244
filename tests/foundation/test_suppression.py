"""Issue 12, item 3: one suppression rule (common/suppression.py) for every aggregate an analyst
sees: no figure resting on fewer than 5 citizens, and no complementary figure that gives it
back."""

import pytest
from django.utils import timezone

from hjemvej.common.suppression import SUPPRESSED, suppress, suppress_parts
from hjemvej.plans import services as plan_services
from hjemvej.plans.models import Plan
from tests.factories import CitizenFactory, RelationshipFactory
from tests.plans.conftest import smart_goal

pytestmark = pytest.mark.django_db


def test_a_part_under_five_is_hidden_and_so_is_the_next_smallest():
    shown = suppress_parts({"improved": 12, "unchanged": 7, "worse": 2}, for_analyst=True)
    assert shown == {"improved": 12, "unchanged": SUPPRESSED, "worse": SUPPRESSED}
    assert suppress_parts({"a": 12, "b": 7, "c": 0}, for_analyst=True) == {"a": 12, "b": 7, "c": 0}
    assert suppress_parts({"a": 1, "b": 2}, for_analyst=False) == {"a": 1, "b": 2}
    assert suppress(4, for_analyst=True) == SUPPRESSED and suppress(5, for_analyst=True) == 5


@pytest.fixture
def one_citizens_plan(shelter_worker_ishoj, ishoj_shelter_unit, ishoj):
    """An offer whose progression rests on one citizen: one plan, three scored sub-goals."""
    citizen = CitizenFactory(acting_municipality=ishoj)
    RelationshipFactory(citizen=citizen, unit=ishoj_shelter_unit)  # a resident of the shelter
    plan = plan_services.do_create_plan(
        user=shelter_worker_ishoj,
        citizen=citizen,
        kind=Plan.Kind.STAY,
        unit=ishoj_shelter_unit,
        starts_on=timezone.localdate(),
        purpose="Egen bolig",
    )
    goal = smart_goal(shelter_worker_ishoj, plan)
    for n in range(3):
        sub_goal = plan_services.do_add_sub_goal(
            user=shelter_worker_ishoj,
            goal=goal,
            text=f"Delmål {n}",
            follow_up_on=timezone.localdate(),
        )
        plan_services.do_record_score(
            user=shelter_worker_ishoj, sub_goal=sub_goal, scored_on=timezone.localdate(), value=3
        )
    return plan


def test_analyst_sees_no_progression_figure_resting_on_one_citizen(
    as_user, analyst_ishoj, manager_ishoj, one_citizens_plan, ishoj_shelter_unit
):
    analyst = as_user(analyst_ishoj)
    for path in ("/planer/tilbud/", f"/planer/tilbud/{ishoj_shelter_unit.uuid}/"):
        html = analyst.get(path).content.decode()
        assert SUPPRESSED.replace("<", "&lt;") in html, path
        assert "1 planer med 3 delmål" not in html
        assert "<td>3</td>" not in html and "<td>1</td>" not in html
    # the offer's manager works with the citizens and sees the figures
    html = as_user(manager_ishoj).get(f"/planer/tilbud/{ishoj_shelter_unit.uuid}/").content.decode()
    assert "1 planer med 3 delmål" in html
