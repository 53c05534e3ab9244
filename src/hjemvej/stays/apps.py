from django.apps import AppConfig


class StaysConfig(AppConfig):
    name = "hjemvej.stays"
    verbose_name = "Ophold"

    def ready(self) -> None:
        import hjemvej.demo.foundation  # noqa: F401  (the foundation step runs first)
        from hjemvej.access import policy
        from hjemvej.accounts.views import HOME_SECTIONS
        from hjemvej.common.context_processors import NAV_ITEMS
        from hjemvej.people.views import CITIZEN_SECTIONS
        from hjemvej.stays import demo  # noqa: F401  (registers the demo step)
        from hjemvej.stays.views import citizen_section, home_section

        NAV_ITEMS.append(
            {
                "label": "Belægning",
                "url": "stays:board_index",
                "visible": policy.may_work_with_citizens,
            }
        )
        CITIZEN_SECTIONS.append(citizen_section)
        HOME_SECTIONS.append(home_section)
