from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "hjemvej.reports"
    verbose_name = "Rapporter"

    def ready(self) -> None:
        from hjemvej.access import policy
        from hjemvej.common.context_processors import NAV_ITEMS
        from hjemvej.reports import builders  # noqa: F401  (builders register)

        NAV_ITEMS.append(
            {
                "label": "Rapporter",
                "url": "reports:choose",
                "visible": policy.may_use_reports,
            }
        )
