"""`hjemvej demo` builds the demo municipalities and is safe to run twice."""

import pytest
from django.apps import apps
from django.core.management import call_command

from hjemvej.accounts.models import Municipality, User
from hjemvej.people.models import Citizen

pytestmark = pytest.mark.django_db(transaction=True)


def _counts() -> dict[str, int]:
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label
        not in (
            "audit",
            "sessions",
            "axes",
            "django_tasks_database",
            "contenttypes",
            "auth",
            "admin",
        )
    }


def test_demo_builds_the_municipalities_and_is_safe_to_run_twice(capsys):
    call_command("demo", "--no-migrate")
    out = capsys.readouterr().out
    assert {m.code: m.name for m in Municipality.objects.all()} == {
        183: "Ishøj",
        151: "Ballerup",
        657: "Herning",
    }
    assert 55 <= Citizen.objects.count() <= 65
    for name in (
        "sagsbehandler.ishoj",
        "herberg.ballerup",
        "leder.herning",
        "analytiker.ishoj",
        "admin",
    ):
        assert User.objects.get(username=name).check_password("hjemvej-demo")
        assert name in out
    first = _counts()
    call_command("demo", "--no-migrate")
    assert _counts() == first
