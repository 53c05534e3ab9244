"""Real ids for the path parameters of the API, for `.ci/fuzz` (schemathesis --set-path).

Prints one `name=value` per line for the user given as the first argument: the visible citizen
with the most plans, stays, meetings and courses as {citizen_id}; that citizen's newest plan,
its goal and sub-goal and (when there is one) the plan's share as {plan_id}, {goal_id},
{sub_goal_id} and {share_id}; and a stay, meeting, course and referral the user may open as
{stay_id}, {meeting_id}, {course_id} and {referral_id}. A parameter with nothing to point at is
left out (schemathesis then makes one up). Runs against the database in HJEMVEJ_DATABASE_URL."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjemvej.settings")
django.setup()

from django.db.models import Count  # noqa: E402

from hjemvej.access import policy  # noqa: E402
from hjemvej.access.models import PlanShare  # noqa: E402
from hjemvej.accounts.models import User  # noqa: E402
from hjemvej.courses.models import Course  # noqa: E402
from hjemvej.meetings.models import Meeting  # noqa: E402
from hjemvej.offers.models import Referral  # noqa: E402
from hjemvej.plans.models import Goal, Plan, SubGoal  # noqa: E402
from hjemvej.stays.models import Stay  # noqa: E402


def ids_for(username: str) -> dict[str, str]:
    user = User.objects.get(username=username)
    visible = policy.visible_citizens(user)
    citizen = (
        visible.annotate(
            n=Count("plans", distinct=True)
            + Count("stays", distinct=True)
            + Count("meetings", distinct=True)
        )
        .order_by("-n", "pk")
        .first()
    )
    found: dict[str, object] = {}
    if citizen is not None:
        found["citizen_id"] = citizen.uuid
        plan = Plan.objects.filter(citizen=citizen, goals__sub_goals__isnull=False).first()
        plan = plan or Plan.objects.filter(citizen=citizen).first()
        if plan is not None:
            found["plan_id"] = plan.uuid
            goal = Goal.objects.filter(plan=plan).first()
            sub_goal = SubGoal.objects.filter(goal__plan=plan).first()
            share = PlanShare.objects.filter(plan=plan).first()
            for name, obj in (("goal_id", goal), ("sub_goal_id", sub_goal), ("share_id", share)):
                if obj is not None:
                    found[name] = obj.uuid
    for name, model in (
        ("stay_id", Stay),
        ("meeting_id", Meeting),
        ("course_id", Course),
        ("referral_id", Referral),
    ):
        obj = model.objects.filter(citizen__in=visible).order_by("-pk").first()
        if obj is not None:
            found[name] = obj.uuid
    return {k: str(v) for k, v in found.items()}


if __name__ == "__main__":
    for name, value in ids_for(sys.argv[1]).items():
        print(f"{name}={value}")
