from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "hjemvej.deadlines"
    verbose_name = "Frister"
