from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "hjemvej.plans"
    verbose_name = "Planer, mål og progression"

    def ready(self) -> None:
        from hjemvej.access import policy
        from hjemvej.accounts.views import HOME_SECTIONS
        from hjemvej.common.context_processors import NAV_ITEMS
        from hjemvej.people.views import CITIZEN_SECTIONS
        from hjemvej.plans import demo, sections  # noqa: F401  (demo registers its step)

        CITIZEN_SECTIONS.append(sections.citizen_section)
        HOME_SECTIONS.append(sections.follow_up_worklist)
        NAV_ITEMS.append(
            {
                "label": "Progression",
                "url": "plans:offers",
                "visible": lambda u: policy.may_work_with_citizens(u) or policy.is_analyst(u),
            }
        )
