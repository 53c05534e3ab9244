from django.apps import AppConfig


class PostConfig(AppConfig):
    name = "hjemvej.post"
    verbose_name = "Digital Post"
