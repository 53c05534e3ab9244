"""Forms on the citizen's own pages: few fields, plain Danish, errors said in words."""

from typing import cast

from django import forms

from hjemvej.plans.rules import SCALE

TEXTAREA = {"class": "form-input", "rows": 4}


class OwnGoalForm(forms.Form):
    title = forms.CharField(
        label="Dit mål med dine egne ord",
        max_length=1000,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="Fx: Jeg vil have min egen lejlighed, hvor jeg kan have min hund.",
        error_messages={
            "required": "Skriv dit mål.",
            "max_length": "Skriv højst %(limit_value)d tegn.",
        },
    )


class OwnScoreForm(forms.Form):
    value = forms.TypedChoiceField(
        label="Hvordan går det med delmålet nu?",
        coerce=int,
        choices=[(v, f"{v} – {label}") for v, label in SCALE.items()],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Vælg et tal fra 0 til 4.",
            "invalid_choice": "Vælg et tal fra 0 til 4.",
        },
    )
    note = forms.CharField(
        label="Vil du skrive noget om det?",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"max_length": "Skriv højst %(limit_value)d tegn."},
    )


class MoveMeetingForm(forms.Form):
    wish = forms.CharField(
        label="Hvorfor vil du flytte mødet, og hvornår passer det dig bedre?",
        max_length=500,
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={
            "required": "Skriv kort hvorfor, eller hvornår du hellere vil.",
            "max_length": "Skriv højst %(limit_value)d tegn.",
        },
    )


class MessageForm(forms.Form):
    to = forms.ChoiceField(
        label="Til",
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={
            "required": "Vælg hvem beskeden er til.",
            "invalid_choice": "Vælg en af dine kontaktpersoner.",
        },
    )
    text = forms.CharField(
        label="Din besked",
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 6}),
        help_text="Skriv ikke noget, der haster. Ring hellere, hvis det haster.",
        error_messages={
            "required": "Skriv din besked.",
            "max_length": "Skriv højst %(limit_value)d tegn.",
        },
    )

    def __init__(self, *args, recipients: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["to"]).choices = recipients
