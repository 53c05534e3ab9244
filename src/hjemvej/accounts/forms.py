from django import forms
from django.contrib.auth.forms import AuthenticationForm


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
    }
