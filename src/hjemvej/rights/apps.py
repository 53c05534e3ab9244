from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "hjemvej.rights"
    verbose_name = "Borgerens rettigheder og dataenes levetid"
