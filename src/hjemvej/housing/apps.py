from django.apps import AppConfig


class HousingConfig(AppConfig):
    name = "hjemvej.housing"
    verbose_name = "Vejen til bolig"
