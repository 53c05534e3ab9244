import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from hjemvej.courses.models import Course, SupportEntry, UnitSupportSetting
from hjemvej.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_demo_step_builds_courses_meetings_and_support_and_is_safe_to_run_twice(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", "--no-migrate", stdout=io.StringIO())
    codes = set(Course.objects.values_list("template__code", flat=True))
    assert {"cti", "ballerup-ungebolig"} <= codes
    assert dict(UnitSupportSetting.objects.values_list("unit__slug", "weekly_hours")) == {
        "ishoj-herberg": Decimal("11.51"),
        "ballerup-housing-first": Decimal("2.00"),
    }
    counts = (Course.objects.count(), Meeting.objects.count(), SupportEntry.objects.count())
    assert counts[1] >= 3 and counts[2] > 0
    call_command("demo", "--no-migrate", stdout=io.StringIO())
    assert (Course.objects.count(), Meeting.objects.count(), SupportEntry.objects.count()) == counts
