from typing import cast

from django import forms
from django.core.exceptions import ValidationError

from hjemvej.accounts.models import Municipality
from hjemvej.common.forms import DateField, DateInput
from hjemvej.people import cpr as cprlib
from hjemvej.people.models import Consent, Gender, Relative


def _input(**attrs):
    return forms.TextInput(attrs={"class": "form-input", **attrs})


class CitizenForm(forms.Form):
    cpr = forms.CharField(
        label="CPR-nummer",
        max_length=11,
        widget=_input(inputmode="numeric", autocomplete="off"),
        help_text="10 cifre, fx 010190-1234.",
        error_messages={"required": "Skriv CPR-nummeret."},
    )
    first_name = forms.CharField(
        label="Fornavn(e)",
        max_length=100,
        widget=_input(autocomplete="off"),
        error_messages={"required": "Skriv borgerens fornavn."},
    )
    last_name = forms.CharField(
        label="Efternavn",
        max_length=100,
        widget=_input(autocomplete="off"),
        error_messages={"required": "Skriv borgerens efternavn."},
    )
    gender = forms.ChoiceField(
        label="Køn",
        choices=[("", "Læs af CPR-nummeret")] + list(Gender.choices),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    acting_municipality = forms.ModelChoiceField(
        label="Handlekommune",
        queryset=Municipality.objects.none(),
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={
            "required": "Vælg handlekommunen.",
            "invalid_choice": "Vælg en af dine kommuner.",
        },
    )
    phone = forms.CharField(
        label="Telefon",
        max_length=30,
        required=False,
        widget=_input(type="tel", autocomplete="off"),
    )
    email = forms.EmailField(
        label="E-mail",
        required=False,
        widget=_input(type="email", autocomplete="off"),
        error_messages={"invalid": "Skriv en gyldig e-mailadresse, fx navn@eksempel.dk."},
    )
    address = forms.CharField(
        label="Adresse", max_length=200, required=False, widget=_input(autocomplete="off")
    )
    postal_code = forms.CharField(
        label="Postnummer",
        max_length=4,
        required=False,
        widget=_input(inputmode="numeric", autocomplete="off"),
    )
    city = forms.CharField(
        label="By", max_length=100, required=False, widget=_input(autocomplete="off")
    )
    protected_address = forms.BooleanField(
        label="Navne- og adressebeskyttelse",
        required=False,
        help_text="Adressen vises kun for sagsbehandlere i handlekommunen.",
    )
    digital_post_exempt = forms.BooleanField(
        label="Fritaget for digital post",
        required=False,
        help_text="Breve til borgeren udskrives og sendes med almindelig post.",
    )

    def __init__(self, *args, municipalities=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["acting_municipality"]).queryset = (
            municipalities if municipalities is not None else Municipality.objects.all()
        )
        if editing:
            del self.fields["cpr"]

    def clean_cpr(self):
        try:
            return cprlib.clean_cpr(self.cleaned_data["cpr"])
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None

    def clean_postal_code(self):
        value = self.cleaned_data.get("postal_code", "").strip()
        if value and (not value.isdigit() or len(value) != 4):
            raise ValidationError("Et postnummer har 4 cifre.")
        return value


class RelativeForm(forms.ModelForm):
    class Meta:
        model = Relative
        fields = ["name", "role", "phone", "email", "note", "is_next_of_kin"]
        widgets = {
            "name": _input(),
            "role": forms.Select(attrs={"class": "form-select"}),
            "phone": _input(type="tel"),
            "email": _input(type="email"),
            "note": _input(),
        }
        error_messages = {
            "name": {"required": "Skriv personens navn."},
            "role": {"required": "Vælg relationen til borgeren."},
            "email": {"invalid": "Skriv en gyldig e-mailadresse."},
        }


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["direction", "information", "party", "purpose", "valid_from", "valid_until"]
        widgets = {
            "direction": forms.Select(attrs={"class": "form-select"}),
            "information": _input(),
            "party": _input(),
            "purpose": _input(),
            "valid_from": DateInput(),
            "valid_until": DateInput(),
        }
        field_classes = {"valid_from": DateField, "valid_until": DateField}
        help_texts = {
            "information": 'Præcist hvilke oplysninger, fx "journaloplysninger om behandling fra 2025".',
            "party": 'Fx "Region Hovedstadens Psykiatri, Ambulatorium Glostrup".',
            "purpose": 'Hvilken sag samtykket gælder, fx "handleplan efter §141".',
        }
        error_messages = {
            "information": {"required": "Skriv hvilke oplysninger samtykket gælder."},
            "party": {"required": "Skriv hvem oplysningerne indhentes fra eller videregives til."},
            "purpose": {"required": "Skriv formålet."},
            "valid_from": {
                "required": "Skriv startdatoen.",
                "invalid": "Skriv datoen som dd.mm.åååå.",
            },
            "valid_until": {
                "required": "Skriv slutdatoen.",
                "invalid": "Skriv datoen som dd.mm.åååå.",
            },
        }

    def clean(self):
        data = super().clean() or {}
        if (
            data.get("valid_from")
            and data.get("valid_until")
            and data["valid_until"] < data["valid_from"]
        ):
            self.add_error("valid_until", "Slutdatoen skal ligge efter startdatoen.")
        return data


class CprRevealForm(forms.Form):
    """Why the full CPR number is needed: the purpose is written in the audit log."""

    PURPOSES = [
        ("", "Vælg formål"),
        ("Henvendelse til en anden myndighed", "Henvendelse til en anden myndighed"),
        ("Identifikation af borgeren", "Identifikation af borgeren"),
        ("Ansøgning eller indberetning", "Ansøgning eller indberetning"),
        ("Kontrol af oplysninger", "Kontrol af oplysninger"),
    ]
    purpose = forms.ChoiceField(
        label="Formål",
        choices=PURPOSES,
        error_messages={"required": "Vælg, hvorfor du skal se hele CPR-nummeret."},
    )
