from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "hjemvej.audit"
    verbose_name = "Logning"
