"""The cohort pages: create, admit (a 6th refused with the reason by the field), relapse → task,
leave with a reason; other municipalities get 404."""

import datetime

import pytest

from hjemvej.courses.models import Cohort, CohortMember
from hjemvej.deadlines.models import Task
from tests.courses.cohort_helpers import TODAY, candidate, cohort, housing_first

pytestmark = pytest.mark.django_db


@pytest.fixture
def hf(ballerup):
    return housing_first(ballerup)


def test_create_cohort_with_errors_by_field_then_saved(as_user, hf):
    offer, staff = hf
    client = as_user(staff)
    assert "Grupper" in client.get(f"/tilbud/{offer.uuid}/").content.decode()
    url = f"/forloeb/tilbud/{offer.uuid}/grupper/ny/"
    bad = client.post(url, {"name": "", "starts_on": "2027-02-01"})
    html = bad.content.decode()
    assert "Skriv gruppens navn." in html
    assert "ADL-kurset er obligatorisk: skriv hvornår det holdes." in html
    assert not Cohort.objects.exists()
    ok = client.post(
        url,
        {
            "name": "Egebjerg 1",
            "starts_on": "2027-02-01",
            "adl_starts_on": "2027-02-15",
            "adl_ends_on": "2027-04-30",
        },
        follow=True,
    )
    html = ok.content.decode()
    assert "Gruppen Egebjerg 1 er oprettet." in html
    assert "01.02.2027 – 01.11.2027 (planlagt slut)" in html
    assert "0 af 5 optaget" in html
    assert "Under 4 deltagere: gruppen har 0 og skal have mindst 4 ved starten 01.02.2027." in html
    assert "Tøjvask" in html  # the ADL course's topics
    listing = client.get(f"/forloeb/tilbud/{offer.uuid}/grupper/").content.decode()
    assert "Egebjerg 1" in listing and "ikke pr. år" in listing


def test_admit_five_then_sixth_refused_and_relapse_makes_a_task(
    as_user, hf, caseworker_ballerup, ballerup_authority
):
    offer, staff = hf
    c = cohort(offer, staff, starts_on=TODAY - datetime.timedelta(days=3))
    people = [
        candidate(offer, caseworker_ballerup, ballerup_authority, level=2, n=n) for n in range(6)
    ]
    client = as_user(staff)
    page = client.get(f"/forloeb/grupper/{c.uuid}/").content.decode()
    assert "Deltager0" in page and "niveau 2" in page
    for citizen in people[:5]:
        r = client.post(
            f"/forloeb/grupper/{c.uuid}/optag/",
            {"citizen": str(citizen.uuid), "on": TODAY.isoformat()},
        )
        assert r.status_code == 302
    refused = client.post(
        f"/forloeb/grupper/{c.uuid}/optag/",
        {"citizen": str(people[5].uuid), "on": TODAY.isoformat()},
    )
    assert refused.status_code == 422
    assert "Alle 5 pladser (boliger) i gruppen er optaget." in refused.content.decode()
    assert CohortMember.objects.filter(cohort=c).count() == 5
    member = CohortMember.objects.get(citizen=people[0])
    done = client.post(
        f"/forloeb/grupper/deltager/{member.uuid}/tilbagefald/",
        {"occurred_on": TODAY.isoformat(), "note": "Tilbagefald til kokain"},
        follow=True,
    )
    assert "Hold samtalen i dag" in done.content.decode()
    assert Task.objects.get(citizen=people[0], kind="relapse_conversation").due_on == TODAY
    # The home page counts the open deadlines and links to the list of them.
    home = client.get("/").content.decode()
    assert "/ophold/arbejdsliste/frister/" in home
    tasks = client.get("/ophold/arbejdsliste/frister/").content.decode()
    assert "Samtale efter tilbagefald (straks)" in tasks
    no_reason = client.post(
        f"/forloeb/grupper/deltager/{member.uuid}/forlad/",
        {"left_on": TODAY.isoformat(), "reason": ""},
    )
    assert "Skriv begrundelsen for, at deltageren forlader gruppen." in no_reason.content.decode()
    client.post(
        f"/forloeb/grupper/deltager/{member.uuid}/forlad/",
        {"left_on": TODAY.isoformat(), "reason": "Flyttet til egen bolig før tid"},
    )
    member.refresh_from_db()
    assert member.leave_reason == "Flyttet til egen bolig før tid"
    # The citizen page's courses tab lists the citizen's groups.
    overview = client.get(f"/borgere/{people[0].uuid}/afsnit/forloeb/").content.decode()
    assert "Housing First-grupper" in overview
    assert "forlod gruppen" in overview and "Flyttet til egen bolig før tid" in overview


def test_other_municipality_gets_404(as_user, hf, caseworker_ishoj):
    offer, staff = hf
    c = cohort(offer, staff)
    client = as_user(caseworker_ishoj)
    assert client.get(f"/forloeb/grupper/{c.uuid}/").status_code == 404
    assert client.get(f"/forloeb/tilbud/{offer.uuid}/grupper/").status_code == 404
