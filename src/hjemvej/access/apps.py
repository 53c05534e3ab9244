from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "hjemvej.access"
    verbose_name = "Adgang"
