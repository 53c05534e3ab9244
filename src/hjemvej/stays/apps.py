from django.apps import AppConfig


class StaysConfig(AppConfig):
    name = "hjemvej.stays"
    verbose_name = "Ophold"

    def ready(self) -> None:
        from hjemvej.common.seeding import reseed_when_empty

        reseed_when_empty(self, model="DstCode", migration="0011_seed_dst_codes")
