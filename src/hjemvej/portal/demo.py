"""Three demo citizens who can log in to their own pages (printed by `hjemvej demo`)."""

from django.conf import settings

from hjemvej.demo.registry import demo_step
from hjemvej.people.models import Citizen
from hjemvej.portal.models import DemoLogin

DEMO_CITIZENS = [("borger1", "Ishøj"), ("borger2", "Ballerup"), ("borger3", "Herning")]


@demo_step("portal", order=900)
def build(out) -> None:
    lines = []
    for username, municipality in DEMO_CITIZENS:
        account = DemoLogin.objects.select_related("citizen").filter(username=username).first()
        if account is None:
            citizen = (
                Citizen.objects.filter(
                    acting_municipality__name=municipality, demo_login__isnull=True
                )
                .order_by("cpr")
                .first()
            )
            if citizen is None:
                continue
            account = DemoLogin(citizen=citizen, username=username)
        if not account.password or not account.check_password(settings.DEMO_PASSWORD):
            account.set_password(settings.DEMO_PASSWORD)
            account.save()
        lines.append(f"  {username:<24} {account.citizen.full_name} ({municipality})")
    out("")
    out(
        f"Borgerens egne sider på http://127.0.0.1:8000/mine-sider/ (adgangskode: {settings.DEMO_PASSWORD}):"
    )
    for line in lines:
        out(line)
