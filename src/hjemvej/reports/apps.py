from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "hjemvej.reports"
    verbose_name = "Rapporter"
