from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hjemvej.accounts"
    verbose_name = "Brugere og enheder"
