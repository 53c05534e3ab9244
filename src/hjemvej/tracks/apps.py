from django.apps import AppConfig


class TracksConfig(AppConfig):
    name = "hjemvej.tracks"
    verbose_name = "Spor (sundhed, beskæftigelse og fællesskaber) og samarbejde"

    def ready(self) -> None:
        from hjemvej.common.seeding import reseed_when_empty

        # Herning's three tracks are data from a migration; a database emptied by `flush` (as
        # tests in transactions do) gets them back, so the product never runs without them.
        reseed_when_empty(self, model="TrackTemplate", migration="0002_tracks16_seed_tracks")
