from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "hjemvej.demo"
    verbose_name = "Demodata"
