import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from hjemvej.meetings.models import Meeting
from hjemvej.plans.models import Goal, Score, ScoredBy, SubGoal
from hjemvej.portal.models import DemoLogin

pytestmark = pytest.mark.django_db


def test_each_demo_citizen_has_a_plan_scores_and_a_coming_meeting_and_a_rerun_adds_nothing(
    settings,
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = io.StringIO()
    call_command("demo", "--no-migrate", stdout=out)
    assert "borger1" in out.getvalue()
    accounts = list(DemoLogin.objects.select_related("citizen").order_by("username"))
    assert [a.username for a in accounts] == ["borger1", "borger2", "borger3"]
    for account in accounts:
        citizen = account.citizen
        plan = citizen.plans.filter(ends_on__isnull=True).first()
        assert plan is not None, account.username
        assert plan.goals.filter(kind=Goal.Kind.CITIZEN).exists()
        assert SubGoal.objects.filter(goal__plan=plan).exists()
        scores = Score.objects.filter(sub_goal__goal__plan__citizen=citizen)
        assert scores.filter(scored_by=ScoredBy.STAFF).exists()
        assert scores.filter(scored_by=ScoredBy.CITIZEN).exists()
        assert Meeting.objects.filter(
            citizen=citizen, status=Meeting.Status.PLANNED, starts_at__gt=timezone.now()
        ).exists(), account.username
    counts = (Goal.objects.count(), Score.objects.count(), Meeting.objects.count())
    call_command("demo", "--no-migrate", stdout=io.StringIO())
    assert (Goal.objects.count(), Score.objects.count(), Meeting.objects.count()) == counts
