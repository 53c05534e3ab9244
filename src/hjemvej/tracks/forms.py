from typing import cast

from django import forms

from hjemvej.accounts.models import Unit, User
from hjemvej.common.forms import DateField
from hjemvej.tracks.models import Partner, PartnerContact, Track, TrackStep, TrackTemplate

SELECT = forms.Select(attrs={"class": "form-select"})
TEXTAREA = forms.Textarea(attrs={"class": "form-input", "rows": 4})
INPUT = forms.TextInput(attrs={"class": "form-input"})


def _user_label(u: User) -> str:
    return u.get_full_name() or u.username


def _choices(form, field: str, queryset, label=None) -> None:
    f = cast(forms.ModelChoiceField, form.fields[field])
    f.queryset = queryset
    if label is not None:
        f.label_from_instance = label  # type: ignore[method-assign,assignment]


class StartTrackForm(forms.Form):
    template = forms.ModelChoiceField(
        label="Spor",
        queryset=TrackTemplate.objects.none(),
        widget=SELECT,
        empty_label="Vælg spor",
        error_messages={"required": "Vælg sporet.", "invalid_choice": "Vælg sporet."},
    )
    unit = forms.ModelChoiceField(
        label="Ansvarlig enhed",
        queryset=Unit.objects.none(),
        widget=SELECT,
        empty_label=None,
        error_messages={"required": "Vælg enheden.", "invalid_choice": "Vælg enheden."},
    )
    started_on = DateField(label="Startdato", required_message="Skriv startdatoen.")
    owner = forms.ModelChoiceField(
        label="Tovholder",
        queryset=User.objects.none(),
        widget=SELECT,
        required=False,
        empty_label="Ingen navngiven tovholder",
        help_text="Trinnenes frister og ansvarlige roller kommer fra sporets skabelon.",
    )

    def __init__(self, *args, templates=None, units=None, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        _choices(
            self, "template", templates if templates is not None else TrackTemplate.objects.none()
        )
        _choices(
            self, "unit", units if units is not None else Unit.objects.none(), lambda u: u.name
        )
        _choices(self, "owner", owners if owners is not None else User.objects.none(), _user_label)


class RecordStepForm(forms.Form):
    status = forms.ChoiceField(
        label="Trinnet er",
        choices=[
            (TrackStep.Status.DONE, "Udført"),
            (TrackStep.Status.NOT_RELEVANT, "Ikke relevant"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Vælg om trinnet er udført eller ikke relevant."},
    )
    done_on = DateField(label="Dato", required_message="Skriv datoen.")
    outcome = forms.CharField(
        label="Resultat eller begrundelse",
        max_length=300,
        required=False,
        widget=INPUT,
        help_text="Skal udfyldes, når trinnet ikke er relevant.",
    )
    note = forms.CharField(label="Bemærkning", required=False, widget=TEXTAREA)


class PlanStepForm(forms.Form):
    due_on = DateField(label="Frist", required=False)
    owner = forms.ModelChoiceField(
        label="Ansvarlig medarbejder",
        queryset=User.objects.none(),
        widget=SELECT,
        required=False,
        empty_label="Rollen på enheden (ingen navngiven)",
    )
    note = forms.CharField(label="Bemærkning", required=False, widget=TEXTAREA)

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self, "owner", owners if owners is not None else User.objects.none(), _user_label)


class EndTrackForm(forms.Form):
    status = forms.ChoiceField(
        label="Sporet afsluttes fordi",
        choices=[
            (Track.Status.GOAL_MET, "Målet er nået"),
            (Track.Status.STOPPED, "Sporet stoppes"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Vælg om målet er nået, eller sporet stoppes."},
    )
    ended_on = DateField(label="Slutdato", required_message="Skriv slutdatoen.")
    reason = forms.CharField(
        label="Begrundelse",
        required=False,
        widget=TEXTAREA,
        help_text="Skal udfyldes, når sporet stoppes.",
    )


class PartnerForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type",
        choices=[("", "Vælg type")] + list(Partner.Kind.choices),
        widget=SELECT,
        error_messages={"required": "Vælg typen af samarbejdspartner."},
    )
    name = forms.CharField(
        label="Navn",
        max_length=200,
        widget=INPUT,
        error_messages={"required": "Skriv samarbejdspartnerens navn."},
    )
    agreement = forms.CharField(label="Samarbejdsaftale", required=False, widget=TEXTAREA)
    valid_from = DateField(label="Aftalen gælder fra", required=False)
    valid_until = DateField(label="Aftalen gælder til", required=False)


class ContactForm(forms.Form):
    name = forms.CharField(
        label="Navn",
        max_length=200,
        widget=INPUT,
        error_messages={"required": "Skriv kontaktpersonens navn."},
    )
    role = forms.CharField(label="Rolle", max_length=200, required=False, widget=INPUT)
    phone = forms.CharField(label="Telefon", max_length=30, required=False, widget=INPUT)
    email = forms.EmailField(
        label="E-mail",
        required=False,
        widget=forms.EmailInput(attrs={"class": "form-input"}),
        error_messages={"invalid": "Skriv en gyldig e-mailadresse."},
    )
    forum_member = forms.BooleanField(label="Medlem af ad hoc-mødeforummet", required=False)


class ForumMeetingForm(forms.Form):
    held_on = DateField(label="Dato", required_message="Skriv datoen.")
    subject = forms.CharField(
        label="Emne",
        max_length=300,
        widget=INPUT,
        help_text="Skriv ikke borgeres navne eller andre oplysninger om borgere.",
        error_messages={"required": "Skriv mødets emne."},
    )
    participants = forms.ModelMultipleChoiceField(
        label="Deltagere fra mødeforummet",
        queryset=PartnerContact.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_participants = forms.CharField(
        label="Øvrige deltagere", max_length=300, required=False, widget=INPUT
    )
    summary = forms.CharField(label="Referat", required=False, widget=TEXTAREA)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        f = cast(forms.ModelMultipleChoiceField, self.fields["participants"])
        f.queryset = members if members is not None else PartnerContact.objects.none()
        f.label_from_instance = lambda c: f"{c.name}, {c.partner.name}"  # type: ignore[method-assign,assignment]
