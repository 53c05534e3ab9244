from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "hjemvej.portal"
    verbose_name = "Borgerens egne sider"
