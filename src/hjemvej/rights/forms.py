from typing import cast

from django import forms

from hjemvej.rights.export import WITHHOLD_REASONS
from hjemvej.rights.models import Category, InsightRequest

SELECT = forms.Select(attrs={"class": "form-select"})
TEXT = forms.TextInput(attrs={"class": "form-input"})
TEXTAREA = forms.Textarea(attrs={"class": "form-input", "rows": 4})
DATE = forms.DateInput(attrs={"class": "form-input", "type": "date"}, format="%Y-%m-%d")


# ---------------------------------------------------------------- the citizen's forms (portal)


class InsightRequestForm(forms.Form):
    basis = forms.ChoiceField(
        label="Hvad beder du om?",
        choices=InsightRequest.Basis.choices,
        initial=InsightRequest.Basis.AKTINDSIGT,
        widget=forms.RadioSelect,
        error_messages={"required": "Vælg, hvad du beder om."},
    )
    note = forms.CharField(
        label="Er der noget særligt, du vil se?",
        required=False,
        max_length=500,
        widget=TEXTAREA,
        error_messages={"max_length": "Skriv højst %(limit_value)d tegn."},
    )


class CorrectionRequestForm(forms.Form):
    text = forms.CharField(
        label="Hvad er forkert, og hvad skal der stå?",
        max_length=2000,
        widget=TEXTAREA,
        help_text="Fx: Mit telefonnummer er forkert. Det rigtige er 12 34 56 78.",
        error_messages={
            "required": "Skriv, hvad der er forkert, og hvad der skal stå.",
            "max_length": "Skriv højst %(limit_value)d tegn.",
        },
    )


# ---------------------------------------------------------------- staff forms


class DeliverForm(forms.Form):
    notes = forms.MultipleChoiceField(
        label="Notater, der undtages",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Kladder (ikke underskrevne notater) undtages altid som interne arbejdsdokumenter.",
    )
    reason = forms.ChoiceField(
        label="Begrundelse for at undtage de valgte notater",
        required=False,
        choices=[("", "Ingen notater undtages")] + [(k, v) for k, v in WITHHOLD_REASONS.items()],
        widget=SELECT,
    )

    def __init__(self, *args, notes=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["notes"]).choices = [
            (str(n.pk), f"{n.occurred_on:%d.%m.%Y} – {n.get_kind_display()}: {n.text[:80]}")
            for n in notes
        ]

    def clean(self):
        data = super().clean() or {}
        if data.get("notes") and not data.get("reason"):
            self.add_error("reason", "Vælg begrundelsen for at undtage notaterne.")
        return data


class AnswerCorrectionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Svar",
        choices=[("accept", "Ret oplysningerne"), ("reject", "Afvis anmodningen")],
        widget=forms.RadioSelect,
        error_messages={"required": "Vælg, om du retter eller afviser."},
    )
    answer = forms.CharField(
        label="Svar til borgeren (begrundelse ved afslag)",
        required=False,
        max_length=2000,
        widget=TEXTAREA,
    )
    first_name = forms.CharField(label="Fornavn(e)", required=False, max_length=100, widget=TEXT)
    last_name = forms.CharField(label="Efternavn", required=False, max_length=100, widget=TEXT)
    phone = forms.CharField(label="Telefon", required=False, max_length=30, widget=TEXT)
    email = forms.EmailField(
        label="E-mail",
        required=False,
        widget=TEXT,
        error_messages={"invalid": "Skriv en gyldig e-mailadresse."},
    )
    address = forms.CharField(label="Adresse", required=False, max_length=200, widget=TEXT)
    postal_code = forms.CharField(label="Postnummer", required=False, max_length=4, widget=TEXT)
    city = forms.CharField(label="By", required=False, max_length=100, widget=TEXT)
    note = forms.ChoiceField(
        label="Journalnotat, der rettes",
        required=False,
        widget=SELECT,
        help_text="Det underskrevne notat bliver stående; rettelsen bliver et nyt notat, der henviser til det.",
    )
    note_text = forms.CharField(label="Rettelsen", required=False, widget=TEXTAREA)

    CHANGE_FIELDS = ["first_name", "last_name", "phone", "email", "address", "postal_code", "city"]

    def __init__(self, *args, notes=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["note"]).choices = [("", "Intet notat")] + [
            (str(n.uuid), f"{n.occurred_on:%d.%m.%Y} – {n.get_kind_display()}: {n.text[:60]}")
            for n in notes
        ]


class RegisterInsightForm(forms.Form):
    basis = forms.ChoiceField(
        label="Grundlag",
        choices=InsightRequest.Basis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Vælg grundlaget."},
    )
    received_on = forms.DateField(
        label="Modtaget",
        widget=DATE,
        error_messages={"required": "Skriv datoen.", "invalid": "Skriv en gyldig dato."},
    )
    note = forms.CharField(label="Bemærkning", required=False, max_length=500, widget=TEXT)


class HoldForm(forms.Form):
    reason = forms.CharField(
        label="Begrundelse",
        max_length=500,
        widget=TEXTAREA,
        help_text="Fx: Klage over afgørelse, sag ved domstolene eller ubesvaret anmodning.",
        error_messages={"required": "Skriv begrundelsen."},
    )


class RetentionRuleForm(forms.Form):
    category = forms.ChoiceField(
        label="Kategori",
        choices=[(k, v) for k, v in Category.choices if k != Category.AUDIT],
        widget=SELECT,
    )
    months = forms.IntegerField(label="Måneder", min_value=0, initial=0, widget=TEXT)
    days = forms.IntegerField(label="Dage", min_value=0, initial=0, widget=TEXT)
    archive = forms.BooleanField(label="Afleveres til arkiv før sletning", required=False)
    valid_from = forms.DateField(
        label="Gælder fra",
        widget=DATE,
        error_messages={"required": "Skriv datoen.", "invalid": "Skriv en gyldig dato."},
    )
    reason = forms.CharField(
        label="Begrundelse",
        max_length=300,
        widget=TEXT,
        error_messages={"required": "Skriv begrundelsen for ændringen."},
    )
