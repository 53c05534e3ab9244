from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "hjemvej.offers"
    verbose_name = "Tilbud og visitation"

    def ready(self) -> None:
        import hjemvej.demo.foundation  # noqa: F401  (the foundation step runs first)
        from hjemvej.access import policy
        from hjemvej.common.context_processors import NAV_ITEMS
        from hjemvej.offers import demo  # noqa: F401  (registers the demo step)

        NAV_ITEMS.append(
            {
                "label": "Tilbud",
                "url": "offers:list",
                "visible": policy.may_see_offer_catalogue,
            }
        )
        NAV_ITEMS.append(
            {
                "label": "Venteliste",
                "url": "offers:waiting_index",
                "visible": policy.may_work_with_citizens,
            }
        )
