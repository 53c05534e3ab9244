"""Issue 15, item 5: the youth housing's full criteria through the API, the group composition
view for the youth offer, and the staff's "no" to a candidate who would harm the group."""

import datetime
import json

import pytest

from hjemvej.accounts.models import Role
from hjemvej.audit.context import acting_as
from hjemvej.audit.models import AuditEntry
from hjemvej.offers.models import ReferralStatus
from hjemvej.offers.services import do_decide_referral, do_refer
from tests.factories import CitizenFactory, UserFactory, member
from tests.offers.helpers import YOUTH_OK, offer_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def youth(ballerup):
    return offer_for(ballerup, "ballerup-ungebolig", "Ungebolig og træning")


@pytest.fixture
def youth_staff(youth):
    return member(UserFactory(username="ung.ballerup"), youth.unit, Role.OFFER_STAFF)


def test_the_api_judges_the_under_20_branch(as_user, caseworker_ballerup, ballerup, youth):
    nineteen = CitizenFactory(acting_municipality=ballerup, birth_date=datetime.date(2007, 1, 1))
    body = json.dumps(
        {
            "offer": str(youth.uuid),
            "citizen": str(nineteen.uuid),
            "facts": dict(YOUTH_OK, family_can_replace=True),
            "on": "2026-11-24",
        }
    )
    response = as_user(caseworker_ballerup).post(
        "/api/v1/eligibility", body, content_type="application/json"
    )
    assert response.status_code == 200
    result = response.json()
    assert result["verdict"] == "not_eligible"
    assert result["reasons"] == [
        "Borgeren har en familie, der kan erstatte tilbuddet, og det udelukker fra tilbuddet."
    ]
    assert len(result["criteria"]) == 11


def test_the_composition_view_covers_the_youth_offer_and_staff_decline_with_a_reason(
    as_user, caseworker_ballerup, ballerup, youth, youth_staff
):
    candidate = CitizenFactory(
        acting_municipality=ballerup,
        birth_date=datetime.date(2006, 5, 1),
        first_name="Sofus",
        last_name="Lind",
    )
    with acting_as(caseworker_ballerup):
        referral = do_refer(
            user=caseworker_ballerup, citizen=candidate, offer=youth, facts=YOUTH_OK
        )
        do_decide_referral(user=caseworker_ballerup, referral=referral, approve=True)
    staff = as_user(youth_staff)
    detail = staff.get(f"/tilbud/{youth.uuid}/").content.decode()
    assert "Gruppens sammensætning" in detail
    page = staff.get(f"/tilbud/{youth.uuid}/gruppe/").content.decode()
    assert "Visitationen skal balancere alder, køn og blandingen af problemer" in page
    assert "Sofus Lind" in page and "Kandidat" in page

    url = f"/tilbud/visitation/{referral.uuid}/decline/"
    staff.post(url, {"reason": ""})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.APPROVED  # no reason, no "no"
    staff.post(url, {"reason": "Gruppen har i dag tre unge med vold i baggrunden."})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    assert referral.reason == "Gruppen har i dag tre unge med vold i baggrunden."
    assert AuditEntry.objects.filter(
        citizen_uuid=candidate.uuid,
        summary="Visitation til Ungebolig og træning: fravalgt af tilbuddet",
    ).exists()
    assert "Sofus Lind" not in staff.get(f"/tilbud/{youth.uuid}/gruppe/").content.decode()
