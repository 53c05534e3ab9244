import datetime

import pytest
from django.utils import timezone

from hjemvej.audit.context import acting_as
from hjemvej.meetings import rules as meeting_rules
from hjemvej.meetings import services as meetings
from hjemvej.offers import services as offers
from hjemvej.offers.catalogue import OFFERS, ensure_offer
from hjemvej.stays import services as stays
from tests.factories import CitizenFactory
from tests.offers.helpers import SHELTER_OK


@pytest.fixture(autouse=True)
def outbox(settings, tmp_path):
    settings.DIGITAL_POST_BACKEND = "hjemvej.post.backends.FileBackend"
    settings.DIGITAL_POST_OUTBOX_DIR = str(tmp_path / "post")
    settings.DIGITAL_POST_RETRY_SECONDS = 60
    settings.DIGITAL_POST_MAX_ATTEMPTS = 5
    return tmp_path / "post"


@pytest.fixture
def shelter(ishoj_shelter_unit):
    return ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])


@pytest.fixture
def stay(shelter, shelter_worker_ishoj, ballerup):
    """A Ballerup citizen admitted to Ishøj's shelter: Ballerup is to be notified."""
    citizen = CitizenFactory(first_name="Søren", last_name="Ærø", acting_municipality=ballerup)
    with acting_as(shelter_worker_ishoj):
        return stays.do_admit(
            user=shelter_worker_ishoj, offer=shelter, citizen=citizen, facts=SHELTER_OK
        ).stay


@pytest.fixture
def meeting(caseworker_ishoj, ishoj_authority, citizen_ishoj):
    with acting_as(caseworker_ishoj):
        return meetings.do_book_meeting(
            user=caseworker_ishoj,
            kind=meeting_rules.GOAL_YEARLY,
            unit=ishoj_authority,
            starts_at=timezone.now() + datetime.timedelta(days=5),
            duration_minutes=60,
            place="Ishøj Store Torv 20",
            citizen=citizen_ishoj,
        )


@pytest.fixture
def refused_referral(shelter, caseworker_ishoj, shelter_worker_ishoj, citizen_ishoj):
    with acting_as(caseworker_ishoj):
        referral = offers.do_refer(
            user=caseworker_ishoj, citizen=citizen_ishoj, offer=shelter, facts={}
        )
    with acting_as(shelter_worker_ishoj):
        return offers.do_decide_referral(
            user=shelter_worker_ishoj,
            referral=referral,
            approve=False,
            reason="Der er ingen ledige pladser på herberget i denne uge.",
        )
