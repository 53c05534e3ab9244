from django.apps import AppConfig


class HousingConfig(AppConfig):
    name = "hjemvej.housing"
    verbose_name = "Vejen til bolig"

    def ready(self) -> None:
        import hjemvej.demo.foundation  # noqa: F401  (the foundation step runs first)
        from hjemvej.housing import demo  # noqa: F401  (registers the demo step)
        from hjemvej.housing.views import citizen_section
        from hjemvej.people.views import CITIZEN_SECTIONS

        CITIZEN_SECTIONS.append(citizen_section)
