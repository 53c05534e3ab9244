from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "hjemvej.plans"
    verbose_name = "Planer, mål og progression"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_load_shipped_terms, sender=self)


def _load_shipped_terms(sender, apps=None, **kwargs) -> None:
    """The data migration loads the vocabulary once; a database emptied by `flush` (as tests
    that run in transactions do) gets it back here, so the product never runs without it."""
    from django.apps import apps as global_apps

    from hjemvej.plans import ffb

    try:  # `migrate` passes its migration state; `flush` passes none
        model = (apps or global_apps).get_model("plans", "Term")
    except LookupError:  # plans migrated to zero
        return
    if not model.objects.exists():
        ffb.sync_terms(model, ffb.read_codesystem(ffb.SHIPPED_FILE))
