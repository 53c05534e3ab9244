"""Reference data that data migrations seed (course templates, reimbursement rules, …) must be
there whenever the database is: a database emptied by `flush` (as transactional tests do)
gets it back after the flush's post_migrate signal."""

import importlib

from django.apps import apps as global_apps
from django.db.models.signals import post_migrate


def reseed_when_empty(app_config, *, model: str, migration: str) -> None:
    """Connect: after migrate or flush, run `migration`'s `seed(apps, schema_editor)` if the
    app's `model` table is empty. Seeds must be idempotent."""

    def handler(sender, apps=None, **kwargs) -> None:
        registry = apps or global_apps
        try:
            table = registry.get_model(app_config.label, model)
        except LookupError:  # the app is migrated to zero
            return
        if not table.objects.exists():
            module = importlib.import_module(f"{app_config.name}.migrations.{migration}")
            module.seed(registry, None)

    post_migrate.connect(handler, sender=app_config, weak=False)
