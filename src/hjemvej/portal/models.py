from django.contrib.auth.hashers import check_password, make_password
from django.db import models

from hjemvej.people.models import Citizen


class DemoLogin(models.Model):
    """A simple login for the demo citizens only. In production citizens log in with MitID
    through the municipality's OpenID Connect broker; this table is then empty and the demo
    login is switched off (HJEMVEJ_PORTAL_DEMO_LOGIN=0)."""

    citizen = models.OneToOneField(Citizen, on_delete=models.CASCADE, related_name="demo_login")
    username = models.CharField("brugernavn", max_length=50, unique=True)
    password = models.CharField(max_length=200)

    class Meta:
        verbose_name = "demo-login for borger"
        verbose_name_plural = "demo-logins for borgere"

    def __str__(self) -> str:
        return self.username

    def set_password(self, raw: str) -> None:
        self.password = make_password(raw)

    def check_password(self, raw: str) -> bool:
        return check_password(raw, self.password)
