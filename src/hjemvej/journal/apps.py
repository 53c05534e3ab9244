from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "hjemvej.journal"
    verbose_name = "Journal"
