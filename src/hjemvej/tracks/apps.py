from django.apps import AppConfig


class TracksConfig(AppConfig):
    name = "hjemvej.tracks"
    verbose_name = "Spor (sundhed, beskæftigelse og fællesskaber) og samarbejde"
