from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "hjemvej.people"
    verbose_name = "Borgere"
