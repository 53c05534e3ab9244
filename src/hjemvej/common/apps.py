from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "hjemvej.common"
    verbose_name = "Fælles"
