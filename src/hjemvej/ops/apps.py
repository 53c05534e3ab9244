from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "hjemvej.ops"
    verbose_name = "Drift"
