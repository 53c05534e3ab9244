from django.apps import AppConfig


class StaysConfig(AppConfig):
    name = "hjemvej.stays"
    verbose_name = "Ophold"
