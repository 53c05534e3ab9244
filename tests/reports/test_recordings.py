"""The two small recordings the outcome report reads: work or education after a stay (asked
at discharge) and how the citizen lives at the follow-up conversation a year after."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hjemvej.meetings.models import Meeting
from hjemvej.meetings.services import do_record_meeting
from hjemvej.offers.catalogue import OFFERS, ensure_offer
from hjemvej.stays import services
from tests.factories import CitizenFactory
from tests.offers.helpers import SHELTER_OK

pytestmark = pytest.mark.django_db


def test_discharge_records_work_or_education(
    as_user, shelter_worker_ishoj, ishoj_shelter_unit, ishoj
):
    shelter = ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])
    citizen = CitizenFactory(acting_municipality=ishoj)
    stay = services.do_admit(
        user=shelter_worker_ishoj, offer=shelter, citizen=citizen, facts=SHELTER_OK
    ).stay
    client = as_user(shelter_worker_ishoj)
    form = client.get(f"/ophold/{stay.uuid}/udskriv/").content.decode()
    assert "Arbejde eller uddannelse efter opholdet" in form
    client.post(
        f"/ophold/{stay.uuid}/udskriv/",
        {
            "ended_on": timezone.localdate().isoformat(),
            "destination": "own_home",
            "occupation_after": "education",
        },
    )
    stay.refresh_from_db()
    assert (stay.destination, stay.occupation_after) == ("own_home", "education")


def _meeting(kind, unit, citizen, staff):
    start = timezone.now() - datetime.timedelta(hours=2)
    return Meeting.objects.create(
        kind=kind,
        citizen=citizen,
        unit=unit,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        place="Ishøj Rådhus",
        contact_person=staff,
    )


def test_follow_up_a_year_after_records_how_the_citizen_lives(
    shelter_worker_ishoj, ishoj_shelter_unit, resident_ishoj, as_user
):
    meeting = _meeting("after_end", ishoj_shelter_unit, resident_ishoj, shelter_worker_ishoj)
    other = _meeting("other", ishoj_shelter_unit, resident_ishoj, shelter_worker_ishoj)
    client = as_user(shelter_worker_ishoj)
    assert "Hvordan bor borgeren nu?" in client.get(f"/moeder/{meeting.uuid}/").content.decode()
    assert "Hvordan bor borgeren nu?" not in client.get(f"/moeder/{other.uuid}/").content.decode()
    do_record_meeting(
        user=shelter_worker_ishoj,
        meeting=meeting,
        minutes="Bor godt",
        attended={},
        living_situation="own_limited_support",
    )
    meeting.refresh_from_db()
    assert (meeting.status, meeting.living_situation) == ("held", "own_limited_support")


def test_living_situation_only_at_the_follow_up_a_year_after(
    shelter_worker_ishoj, ishoj_shelter_unit, resident_ishoj
):
    meeting = _meeting("other", ishoj_shelter_unit, resident_ishoj, shelter_worker_ishoj)
    with pytest.raises(ValidationError):
        do_record_meeting(
            user=shelter_worker_ishoj,
            meeting=meeting,
            minutes="x",
            attended={},
            living_situation="own_no_support",
        )
    meeting.refresh_from_db()
    assert meeting.status == "planned"
