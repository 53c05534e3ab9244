from typing import cast

from django import forms

from hjemvej.accounts.models import Unit, User
from hjemvej.common.forms import DateField, SearchableCheckboxes
from hjemvej.meetings import rules

SELECT = forms.Select(attrs={"class": "form-select"})


class BookMeetingForm(forms.Form):
    kind = forms.ChoiceField(
        label="Mødetype",
        choices=[("", "Vælg mødetype")]
        + [(r.kind, r.label) for r in rules.RULES.values() if r.kind != rules.MUNICIPALITY_SHELTER],
        widget=SELECT,
        error_messages={"required": "Vælg mødetypen."},
    )
    date = DateField(
        label="Dato",
        required_message="Skriv mødets dato.",
    )
    time = forms.TimeField(
        label="Klokkeslæt",
        widget=forms.TimeInput(attrs={"class": "form-input", "type": "time"}, format="%H:%M"),
        error_messages={"required": "Skriv klokkeslættet.", "invalid": "Skriv fx 10:00."},
    )
    duration_minutes = forms.IntegerField(
        label="Varighed (minutter)",
        initial=60,
        min_value=1,
        max_value=480,
        widget=forms.NumberInput(attrs={"class": "form-input", "inputmode": "numeric"}),
        error_messages={
            "required": "Skriv mødets varighed.",
            "min_value": "Et møde varer mindst 1 minut.",
            "max_value": "Et møde varer højst 8 timer.",
        },
    )
    place = forms.CharField(
        label="Sted",
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-input"}),
        help_text="Står i påmindelsen til borgeren: skriv adressen, ikke tilbuddets navn.",
        error_messages={"required": "Skriv hvor mødet holdes."},
    )
    unit = forms.ModelChoiceField(
        label="Enhed",
        queryset=Unit.objects.none(),
        widget=SELECT,
        empty_label=None,
        error_messages={"required": "Vælg enheden."},
    )
    staff = forms.ModelMultipleChoiceField(
        label="Andre medarbejdere",
        queryset=User.objects.none(),
        required=False,
        widget=SearchableCheckboxes(search_label="Søg efter medarbejder"),
        help_text="Du er selv kontaktperson. Vælg de kolleger, der også deltager.",
    )
    citizen_attends = forms.BooleanField(
        label="Borgeren deltager (og får påmindelser, hvis borgeren ikke har fravalgt dem)",
        required=False,
        initial=True,
    )

    def __init__(self, *args, units=None, colleagues=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = (
            units if units is not None else Unit.objects.none()
        )
        cast(forms.ModelChoiceField, self.fields["unit"]).label_from_instance = lambda u: u.name  # type: ignore[method-assign,assignment]
        cast(forms.ModelChoiceField, self.fields["staff"]).queryset = (
            colleagues if colleagues is not None else User.objects.none()
        )


class UnitMeetingForm(forms.Form):
    """The municipality–shelter meeting: about the offer, not about one citizen."""

    unit = forms.ModelChoiceField(
        label="Tilbud",
        queryset=Unit.objects.none(),
        widget=SELECT,
        empty_label="Vælg tilbud",
        error_messages={"required": "Vælg tilbuddet."},
    )
    date = BookMeetingForm.base_fields["date"]
    time = BookMeetingForm.base_fields["time"]
    duration_minutes = BookMeetingForm.base_fields["duration_minutes"]
    place = forms.CharField(
        label="Sted",
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-input"}),
        error_messages={"required": "Skriv hvor mødet holdes."},
    )
    staff = BookMeetingForm.base_fields["staff"]

    def __init__(self, *args, units=None, colleagues=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = (
            units if units is not None else Unit.objects.none()
        )
        cast(forms.ModelChoiceField, self.fields["unit"]).label_from_instance = lambda u: u.name  # type: ignore[method-assign,assignment]
        cast(forms.ModelChoiceField, self.fields["staff"]).queryset = (
            colleagues if colleagues is not None else User.objects.none()
        )


class RecordMeetingForm(forms.Form):
    minutes = forms.CharField(
        label="Referat",
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 6}),
        error_messages={"required": "Skriv et referat."},
    )
    living_situation = forms.ChoiceField(
        label="Hvordan bor borgeren nu?",
        choices=[("", "Ikke oplyst")] + rules.LIVING_CHOICES,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text="Bruges i tilbuddets årlige resultatopgørelse.",
    )


class MissedForm(forms.Form):
    new_date = DateField(
        label="Ny dato",
        required=False,
    )
    new_time = forms.TimeField(
        label="Nyt klokkeslæt",
        required=False,
        widget=forms.TimeInput(attrs={"class": "form-input", "type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Skriv fx 10:00."},
    )

    def clean(self):
        data = super().clean() or {}
        if bool(data.get("new_date")) != bool(data.get("new_time")):
            raise forms.ValidationError("Skriv både ny dato og klokkeslæt – eller ingen af dem.")
        return data


class PreferencesForm(forms.Form):
    sms_reminders = forms.BooleanField(label="Påmindelser på SMS", required=False)
    email_reminders = forms.BooleanField(label="Påmindelser på e-mail", required=False)


class MoveForm(forms.Form):
    """Staff move a planned meeting to a new time (often because the citizen asked to)."""

    new_date = DateField(
        label="Ny dato",
        required_message="Skriv den nye dato.",
    )
    new_time = forms.TimeField(
        label="Nyt klokkeslæt",
        widget=forms.TimeInput(attrs={"class": "form-input", "type": "time"}, format="%H:%M"),
        error_messages={"required": "Skriv det nye klokkeslæt.", "invalid": "Skriv fx 10:00."},
    )
