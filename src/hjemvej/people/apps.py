from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "hjemvej.people"
    verbose_name = "Borgere"

    def ready(self) -> None:
        from hjemvej.accounts.views import HOME_SECTIONS
        from hjemvej.people.home import recent_citizens_section

        HOME_SECTIONS.append(recent_citizens_section)
