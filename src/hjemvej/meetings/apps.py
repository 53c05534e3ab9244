from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "hjemvej.meetings"
    verbose_name = "Møder og påmindelser"

    def ready(self) -> None:
        from hjemvej.accounts.views import HOME_SECTIONS
        from hjemvej.meetings import worklists
        from hjemvej.meetings.views import citizen_section
        from hjemvej.people.views import CITIZEN_SECTIONS

        CITIZEN_SECTIONS.append(citizen_section)
        HOME_SECTIONS.extend(worklists.SECTIONS)
