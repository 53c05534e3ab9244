from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "hjemvej.portal"
    verbose_name = "Borgerens egne sider"

    def ready(self) -> None:
        from hjemvej.portal import demo  # noqa: F401  (registers the demo step)
