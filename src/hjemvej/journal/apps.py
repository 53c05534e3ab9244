from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "hjemvej.journal"
    verbose_name = "Journal"

    def ready(self) -> None:
        from hjemvej.accounts.views import HOME_SECTIONS
        from hjemvej.journal.views import citizen_section
        from hjemvej.journal.worklists import messages_from_citizens
        from hjemvej.people.views import CITIZEN_SECTIONS

        CITIZEN_SECTIONS.append(citizen_section)
        HOME_SECTIONS.append(messages_from_citizens)
