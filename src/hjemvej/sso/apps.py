from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "hjemvej.sso"
    verbose_name = "Kommunens login"
