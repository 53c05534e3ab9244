from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "hjemvej.journal"
    verbose_name = "Journal"

    def ready(self) -> None:
        from hjemvej.journal.views import citizen_section
        from hjemvej.people.views import CITIZEN_SECTIONS

        CITIZEN_SECTIONS.append(citizen_section)
