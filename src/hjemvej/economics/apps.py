from django.apps import AppConfig


class EconomicsConfig(AppConfig):
    name = "hjemvej.economics"
    verbose_name = "Økonomi"

    def ready(self) -> None:
        from hjemvej.common.seeding import reseed_when_empty

        reseed_when_empty(
            self, model="ReimbursementRule", migration="0002_seed_reimbursement_rules"
        )
        from hjemvej.access import policy
        from hjemvej.common.context_processors import NAV_ITEMS
        from hjemvej.economics import demo  # noqa: F401  (registers the demo step)

        NAV_ITEMS.append(
            {
                "label": "Økonomi",
                "url": "economics:index",
                "visible": lambda u: policy.is_manager(u) or policy.is_analyst(u),
            }
        )
