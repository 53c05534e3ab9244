from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in


class CommonConfig(AppConfig):
    name = "hjemvej.common"
    verbose_name = "Fælles"

    def ready(self) -> None:
        from hjemvej.common.middleware import stamp_session_on_login

        # A login writes the session anyway: stamp it, so the next page does not write again.
        user_logged_in.connect(stamp_session_on_login, dispatch_uid="hjemvej-session-stamp")
