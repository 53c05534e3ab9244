"""The board, the worklist, the citizen page and the outcome report show the same running year
for the same citizen: one counter (economics.reimbursement) behind all four."""

import datetime
import re

import pytest
from django.utils import timezone

from hjemvej.offers.catalogue import OFFERS, ensure_offer
from hjemvej.stays import services
from hjemvej.stays.models import Stay
from tests.factories import CitizenFactory
from tests.offers.helpers import SHELTER_OK

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelter(ishoj_shelter_unit):
    return ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])


def test_board_worklist_citizen_page_and_report_agree(
    as_user, shelter_worker_ishoj, caseworker_ishoj, manager_ishoj, shelter, ishoj
):
    today = timezone.localdate()
    citizen = CitizenFactory(acting_municipality=ishoj, first_name="Samme", last_name="Borger")
    # An earlier stay of 20 nights in the same running year, then the current stay of 58 nights:
    # 78 reimbursed nights of 90, so 12 are left.
    first = today - datetime.timedelta(days=100)
    Stay.objects.create(
        citizen=citizen,
        offer=shelter,
        decided_on=first,
        started_on=first,
        ended_on=first + datetime.timedelta(days=20),
    )
    services.do_admit(
        user=shelter_worker_ishoj,
        offer=shelter,
        citizen=citizen,
        facts=SHELTER_OK,
        started_on=today - datetime.timedelta(days=58),
    )

    board = as_user(shelter_worker_ishoj).get(f"/ophold/belaegning/{shelter.uuid}/")
    worklist = as_user(caseworker_ishoj).get("/arbejdsliste/refusion/")
    page = as_user(caseworker_ishoj).get(f"/borgere/{citizen.uuid}/afsnit/ophold/")
    left = "refusion slutter om 12 nætter"
    assert left in board.content.decode()
    assert left in worklist.content.decode()
    html = page.content.decode()
    assert "Refusion (§110): 78 af 90 nætter brugt" in html
    assert f"{left}, hvis opholdet fortsætter" in html

    # The report of this year counts the open stay to the end of the year: the nights used
    # before today and the nights left that fall in the year are its reimbursed nights.
    year = today.year
    in_year = min(12, (datetime.date(year + 1, 1, 1) - today).days)
    used_in_year = sum(
        max(0, (min(end, today) - max(start, datetime.date(year, 1, 1))).days)
        for start, end in [
            (first, first + datetime.timedelta(days=20)),
            (today - datetime.timedelta(days=58), today),
        ]
    )
    report = as_user(manager_ishoj).get(
        f"/rapporter/resultater/tal/reimbursement/?kommune=183&aar={year}"
    )
    text = report.content.decode()
    reimbursed = sum(int(n) for n in re.findall(r"refusion [^(<]*\((\d+) nætter\)", text))
    assert reimbursed == used_in_year + in_year
