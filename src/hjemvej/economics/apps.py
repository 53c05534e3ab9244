from django.apps import AppConfig


class EconomicsConfig(AppConfig):
    name = "hjemvej.economics"
    verbose_name = "Økonomi"

    def ready(self) -> None:
        from hjemvej.common.seeding import reseed_when_empty

        reseed_when_empty(
            self, model="ReimbursementRule", migration="0002_seed_reimbursement_rules"
        )
