import datetime
import importlib

import pytest
from django.apps import apps

from hjemvej.tracks import services
from hjemvej.tracks.models import TrackTemplate

# Wednesday before Easter 2026: Maundy Thursday, Good Friday and Easter Monday are holidays.
START = datetime.date(2026, 4, 1)


@pytest.fixture
def seeded_tracks(db):
    """The three tracks as the migration seeds them (again after a transactional test's flush)."""
    seed = importlib.import_module("hjemvej.tracks.migrations.0002_tracks16_seed_tracks").seed
    seed(apps, None)


@pytest.fixture
def employment(seeded_tracks):
    return TrackTemplate.objects.get(code="herning-beskaeftigelse")


@pytest.fixture
def community(seeded_tracks):
    return TrackTemplate.objects.get(code="herning-faellesskaber")


@pytest.fixture
def health(seeded_tracks):
    return TrackTemplate.objects.get(code="herning-sundhed")


@pytest.fixture
def track(caseworker_ishoj, citizen_ishoj, ishoj_authority, employment):
    return services.do_start_track(
        user=caseworker_ishoj,
        citizen=citizen_ishoj,
        template=employment,
        unit=ishoj_authority,
        started_on=START,
    )
