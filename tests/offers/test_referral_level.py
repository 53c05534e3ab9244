"""The referral's functional level is read from the latest VUM assessment, not typed (issue 15);
a level typed before the change is still shown, marked as such."""

import pytest

from hjemvej.offers.models import Referral
from hjemvej.offers.services import do_refer
from tests.levels import assess
from tests.offers.helpers import offer_for

pytestmark = pytest.mark.django_db
FIT = {"physical_care_needs": False, "active_substance_use": False}


def test_referral_page_shows_the_latest_assessments_level(
    as_user, ballerup, caseworker_ballerup, citizen_ballerup, ballerup_authority
):
    group = offer_for(ballerup, "ballerup-housing-first")
    form = as_user(caseworker_ballerup).get(
        f"/tilbud/henvis/{citizen_ballerup.uuid}/?tilbud={group.uuid}"
    )
    html = form.content.decode()
    assert "hentes fra den seneste udredning (VUM)" in html
    assert 'name="functional_level"' not in html
    referral = do_refer(user=caseworker_ballerup, citizen=citizen_ballerup, offer=group, facts=FIT)
    page = as_user(caseworker_ballerup).get(f"/tilbud/visitation/{referral.uuid}/")
    assert "Ingen udredning endnu" in page.content.decode()
    Referral.objects.filter(pk=referral.pk).update(functional_level=3)  # typed before issue 15
    page = as_user(caseworker_ballerup).get(f"/tilbud/visitation/{referral.uuid}/")
    assert "3 (indtastet ved visitationen, ingen udredning)" in page.content.decode()
    assess(citizen_ballerup, 1, unit=ballerup_authority, user=caseworker_ballerup)
    page = as_user(caseworker_ballerup).get(f"/tilbud/visitation/{referral.uuid}/")
    assert "1 (seneste udredning" in page.content.decode()
