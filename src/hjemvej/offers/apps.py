from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "hjemvej.offers"
    verbose_name = "Tilbud og visitation"
