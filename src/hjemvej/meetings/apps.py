from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "hjemvej.meetings"
    verbose_name = "Møder og påmindelser"

    def ready(self) -> None:
        from hjemvej.access import policy
        from hjemvej.accounts.views import HOME_SECTIONS
        from hjemvej.common.context_processors import NAV_ITEMS
        from hjemvej.meetings import worklists
        from hjemvej.meetings.views import citizen_section
        from hjemvej.people.views import CITIZEN_SECTIONS

        CITIZEN_SECTIONS.append(citizen_section)
        NAV_ITEMS.append(
            {"label": "Møder", "url": "meetings:list", "visible": policy.may_work_with_citizens}
        )
        HOME_SECTIONS.extend(worklists.SECTIONS)
