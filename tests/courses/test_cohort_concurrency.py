"""The places limit holds under simultaneous admissions: the cohort's row is locked
(SELECT … FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions serialise writers) and a
seat is unique among the active participants."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from hjemvej.courses import services
from hjemvej.courses.models import CohortMember
from tests.courses.cohort_helpers import candidate, cohort, housing_first

ON_POSTGRES = "postgresql" in __import__("django.conf").conf.settings.DATABASES["default"]["ENGINE"]


@pytest.mark.skipif(not ON_POSTGRES, reason="Kun PostgreSQL: tråde mod en rigtig databaseserver")
@pytest.mark.django_db(transaction=True)
def test_eight_simultaneous_admissions_to_the_last_place_give_one_participant(
    ballerup, caseworker_ballerup, ballerup_authority
):
    offer, staff = housing_first(ballerup)
    c = cohort(offer, staff)
    for n in range(4):
        services.do_admit_to_cohort(
            user=staff,
            cohort=c,
            citizen=candidate(offer, caseworker_ballerup, ballerup_authority, n=n),
        )
    rivals = [candidate(offer, caseworker_ballerup, ballerup_authority, n=10 + n) for n in range(8)]
    barrier = threading.Barrier(len(rivals))
    outcomes: list = []
    lock = threading.Lock()

    def admit(citizen):
        try:
            barrier.wait()
            member = services.do_admit_to_cohort(user=staff, cohort=c, citizen=citizen)
            with lock:
                outcomes.append(("ok", member.seat))
        except ValidationError as exc:
            with lock:
                outcomes.append(("refused", exc.message_dict["citizen"][0]))
        finally:
            connection.close()

    threads = [threading.Thread(target=admit, args=(r,)) for r in rivals]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(kind for kind, _ in outcomes) == ["ok"] + ["refused"] * 7
    assert [seat for kind, seat in outcomes if kind == "ok"] == [5]
    assert {msg for kind, msg in outcomes if kind == "refused"} == {
        "Alle 5 pladser (boliger) i gruppen er optaget. Der er ikke en bolig til flere deltagere."
    }
    assert CohortMember.objects.filter(cohort=c, left_on__isnull=True).count() == 5
