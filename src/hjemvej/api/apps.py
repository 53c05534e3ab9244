from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hjemvej.api"
    verbose_name = "API"
