from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "hjemvej.meetings"
    verbose_name = "Møder og påmindelser"
