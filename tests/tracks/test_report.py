"""The strategy's goals in the yearly outcome report: per track citizens started, steps done on
time, health-team contact, vaccination, the employment bridge, communities sought alone."""

import datetime

import pytest

from hjemvej.reports import outcome
from hjemvej.reports.outcome import TrackRecord, TrackStepRecord
from hjemvej.tracks import services
from tests.tracks.conftest import START

D = datetime.date


def _health(cid, contact_on=None, vaccinated_on=None):
    return TrackRecord(
        cid,
        "health",
        "Forebyggelse og sundhed",
        D(2026, 2, 1),
        None,
        "active",
        (
            TrackStepRecord(
                "health_team_contact", D(2026, 2, 6), contact_on, "done" if contact_on else "open"
            ),
            TrackStepRecord(
                "hepatitis_vaccination",
                D(2026, 3, 1),
                vaccinated_on,
                "done" if vaccinated_on else "open",
            ),
        ),
    )


def test_tracks_section_figures():
    data = outcome.YearData(
        year=2026,
        tracks=[
            _health(1, D(2026, 2, 5), D(2026, 3, 5)),
            _health(2, D(2026, 2, 10)),
            _health(3),
            TrackRecord(
                4,
                "employment",
                "Beskæftigelse",
                D(2025, 11, 1),
                None,
                "active",
                (TrackStepRecord("bridge", None, D(2026, 1, 10), "done"),),
            ),
            TrackRecord(5, "community", "Fællesskaber", D(2026, 1, 1), D(2026, 6, 1), "goal_met"),
            TrackRecord(6, "community", "Fællesskaber", D(2026, 1, 1), D(2026, 7, 1), "stopped"),
            TrackRecord(7, "community", "Fællesskaber", D(2024, 1, 1), D(2024, 7, 1), "goal_met"),
        ],
    )
    report = outcome.compute(data)
    f = report.figure
    assert f("track_started-health").count == 3
    assert f("track_started-employment").count == 0  # started the year before
    assert f("track_started-community").count == 2
    assert (f("track_health_team").count, f("track_health_team").total) == (2, 3)
    assert (f("track_vaccinated").count, f("track_vaccinated").total) == (1, 3)
    assert (f("track_bridge").count, f("track_bridge").total) == (1, 1)
    # done in the year: 2 contacts (one late), 1 vaccination (late), 1 bridge (no deadline)
    assert (f("track_steps_on_time").count, f("track_steps_on_time").total) == (2, 4)
    assert (f("track_community_alone").count, f("track_community_alone").total) == (1, 2)


def test_no_tracks_no_section():
    report = outcome.compute(outcome.YearData(year=2026))
    assert report.figure("track_steps_on_time") is None


@pytest.mark.django_db
def test_outcome_page_shows_the_section_to_the_manager(
    as_user, caseworker_ishoj, citizen_ishoj, ishoj_authority, manager_ishoj, employment
):
    track = services.do_start_track(
        user=caseworker_ishoj,
        citizen=citizen_ishoj,
        template=employment,
        unit=ishoj_authority,
        started_on=START,
    )
    services.do_record_step(
        user=caseworker_ishoj, step=track.steps.first(), status="done", done_on=START
    )
    page = as_user(manager_ishoj).get("/rapporter/resultater/vis/?kommune=183&aar=2026")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Strategiens spor: sundhed, beskæftigelse og fællesskaber" in html
    assert "Trin udført til tiden" in html
