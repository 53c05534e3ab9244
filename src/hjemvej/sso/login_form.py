"""The local login form: username and password, off for all but the emergency administrator
when single sign-on is configured."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from hjemvej.sso.oidc import local_login_allowed


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label="Brugernavn",
        max_length=150,
        widget=forms.TextInput(
            attrs={"class": "form-input", "autocomplete": "username", "autofocus": True}
        ),
    )
    password = forms.CharField(
        label="Adgangskode",
        strip=False,
        widget=forms.PasswordInput(
            attrs={"class": "form-input", "autocomplete": "current-password"}
        ),
    )
    error_messages = {
        "invalid_login": "Brugernavn eller adgangskode er forkert. Efter 5 forkerte forsøg bliver "
        "brugeren spærret i 15 minutter.",
        "inactive": "Brugeren er deaktiveret. Kontakt din administrator.",
        "single_sign_on": "Log ind med kommunens login. Adgangskoder i Hjemvej er slået fra, "
        "undtagen for nødadministratoren.",
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if username and not local_login_allowed(username):
            # Refused before the password is checked: a password here proves nothing.
            raise forms.ValidationError(
                self.error_messages["single_sign_on"], code="single_sign_on"
            )
        return super().clean()
