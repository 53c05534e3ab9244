"""Story fixtures for the citizen's own pages: Jørgen in Ishøj logs in as borger1 and has an
action plan and a coming meeting with his caseworker Mette; Freja in Ballerup (borger2) has her
own plan and meeting, which Jørgen must never reach."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from hjemvej.audit.context import acting_as
from hjemvej.meetings import rules as meeting_rules
from hjemvej.meetings.services import do_book_meeting
from hjemvej.plans import rules, services
from hjemvej.plans.models import Goal, Plan
from hjemvej.portal.models import DemoLogin
from tests.plans.conftest import smart_goal


def citizen_client(citizen, username: str) -> Client:
    account = DemoLogin(citizen=citizen, username=username)
    account.set_password("hjemvej-test-kode")
    account.save()
    client = Client()
    response = client.post(
        "/mine-sider/log-ind/", {"username": username, "password": "hjemvej-test-kode"}
    )
    assert response.status_code == 302 and response["Location"] == "/mine-sider/"
    return client


@pytest.fixture
def jorgen_login(citizen_ishoj):
    account = DemoLogin(citizen=citizen_ishoj, username="borger1")
    account.set_password("hjemvej-test-kode")
    account.save()
    return account


@pytest.fixture
def jorgen(jorgen_login) -> Client:
    client = Client()
    response = client.post(
        "/mine-sider/log-ind/", {"username": "borger1", "password": "hjemvej-test-kode"}
    )
    assert response.status_code == 302 and response["Location"] == "/mine-sider/"
    return client


@pytest.fixture
def freja(citizen_ballerup) -> Client:
    return citizen_client(citizen_ballerup, "borger2")


def make_plan(user, citizen, unit) -> Plan:
    today = timezone.localdate()
    plan = services.do_create_plan(
        user=user,
        citizen=citizen,
        kind=Plan.Kind.ACTION_141,
        unit=unit,
        starts_on=rules.add_months(today, -3),
        purpose="At borgeren kommer i egen bolig",
        citizen_wishes="Jeg vil have et sted med plads til min hund",
    )
    services.do_add_goal(user=user, plan=plan, kind=Goal.Kind.CITIZEN, title="Jeg vil have en hund")
    goal = smart_goal(user, plan)
    sub_goal = services.do_add_sub_goal(
        user=user, goal=goal, text="Jeg har en ugeplan", follow_up_on=today
    )
    services.do_record_score(
        user=user, sub_goal=sub_goal, scored_on=plan.starts_on, value=3, next_follow_up_on=today
    )
    return plan


@pytest.fixture
def jorgen_plan(caseworker_ishoj, citizen_ishoj, ishoj_authority) -> Plan:
    caseworker_ishoj.phone = "43 57 70 00"
    caseworker_ishoj.save(update_fields=["phone"])
    with acting_as(caseworker_ishoj):
        return make_plan(caseworker_ishoj, citizen_ishoj, ishoj_authority)


@pytest.fixture
def freja_plan(caseworker_ballerup, citizen_ballerup, ballerup_authority) -> Plan:
    return make_plan(caseworker_ballerup, citizen_ballerup, ballerup_authority)


def book(user, citizen, unit, days: int = 3):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return do_book_meeting(
        user=user,
        kind=meeting_rules.GOAL_YEARLY,
        unit=unit,
        starts_at=datetime.datetime.combine(
            day, datetime.time(10, 0), tzinfo=timezone.get_current_timezone()
        ),
        duration_minutes=60,
        place="Ishøj Store Torv 20, 2635 Ishøj",
        citizen=citizen,
    )


@pytest.fixture
def jorgen_meeting(caseworker_ishoj, citizen_ishoj, ishoj_authority):
    with acting_as(caseworker_ishoj):
        return book(caseworker_ishoj, citizen_ishoj, ishoj_authority)


@pytest.fixture
def freja_meeting(caseworker_ballerup, citizen_ballerup, ballerup_authority):
    return book(caseworker_ballerup, citizen_ballerup, ballerup_authority)
