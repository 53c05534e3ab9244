from typing import cast

from django import forms

from hjemvej.accounts.models import Unit
from hjemvej.common.forms import date_field, required_when
from hjemvej.courses.models import Course, CourseTemplate, LifeDimension, SupportKind

SELECT = forms.Select(attrs={"class": "form-select"})


def _date(label: str, required: bool = True, help_text: str = "", message: str = ""):
    return date_field(
        label, required=required, help_text=help_text, required_message=message or "Skriv datoen."
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class StartCourseForm(forms.Form):
    template = forms.ModelChoiceField(
        label="Forløbstype",
        queryset=CourseTemplate.objects.none(),
        widget=SELECT,
        empty_label="Vælg forløbstype",
        error_messages={"required": "Vælg forløbstypen."},
    )
    unit = UnitChoiceField(
        label="Enhed, der har forløbet",
        queryset=Unit.objects.none(),
        widget=SELECT,
        empty_label=None,
        error_messages={"required": "Vælg enheden."},
    )
    started_on = _date("Startdato", message="Skriv forløbets startdato.")
    tenancy_from = required_when(
        _date(
            "Lejekontrakt eller indflytning fra",
            required=False,
            help_text=(
                "CTI: borgeren skal have en lejekontrakt eller være flyttet ind. Er en "
                "indflytning registreret på borgerens boligansøgning, bruges den datoen."
            ),
        ),
        "kræves for CTI",
    )
    tenancy_address = forms.CharField(
        label="Boligens adresse",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-input", "autocomplete": "off"}),
    )
    contact_started_on = _date("Kontaktskabende periode startede", required=False)

    def __init__(self, *args, units=None, templates=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = (
            units if units is not None else Unit.objects.none()
        )
        cast(forms.ModelChoiceField, self.fields["template"]).queryset = (
            templates if templates is not None else CourseTemplate.objects.none()
        )


class MovePhaseForm(forms.Form):
    moved_on = _date("Dato for faseskiftet", message="Skriv datoen for faseskiftet.")
    legal_basis = forms.ChoiceField(label="Lovgrundlag", required=False, widget=SELECT)
    note = forms.CharField(
        label="Bemærkning",
        required=False,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}),
    )

    def __init__(self, *args, legal_bases=None, **kwargs):
        super().__init__(*args, **kwargs)
        if legal_bases:
            cast(forms.ChoiceField, self.fields["legal_basis"]).choices = [
                ("", "Vælg lovgrundlag")
            ] + [(b, b) for b in legal_bases]
            self.fields["legal_basis"].required = True
            self.fields["legal_basis"].error_messages["required"] = "Vælg lovgrundlaget."
        else:
            del self.fields["legal_basis"]


class EndCourseForm(forms.Form):
    ended_on = _date("Slutdato", message="Skriv slutdatoen.")
    outcome = forms.ChoiceField(
        label="Resultat",
        choices=[("", "Vælg resultat")] + list(Course.Outcome.choices),
        widget=SELECT,
        error_messages={"required": "Vælg forløbets resultat."},
    )
    moved_home_on = _date(
        "Flyttede i egen bolig",
        required=False,
        help_text="Ved resultat i egen bolig: opfølgning efter 1, 3, 6 og 12 måneder regnes fra denne dato (ellers slutdatoen).",
    )
    note = forms.CharField(
        label="Begrundelse",
        required=False,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}),
        help_text="Skal udfyldes, når forløbet slutter før sin forventede mindste varighed "
        "(ungebolig: 9 måneder). Forløbet vises da på arbejdslisten.",
    )


class SupportForm(forms.Form):
    date = _date("Dato")
    minutes = forms.IntegerField(
        label="Minutter",
        min_value=1,
        max_value=24 * 60,
        widget=forms.NumberInput(attrs={"class": "form-input", "inputmode": "numeric"}),
        error_messages={
            "required": "Skriv hvor mange minutter støtten varede.",
            "min_value": "Skriv mindst 1 minut.",
            "max_value": "En registrering kan højst være 24 timer.",
            "invalid": "Skriv et helt antal minutter.",
        },
    )
    kind = forms.ChoiceField(
        label="Type",
        choices=[("", "Vælg type")] + list(SupportKind.choices),
        widget=SELECT,
        error_messages={"required": "Vælg typen af støtte."},
    )
    unit = UnitChoiceField(
        label="Enhed",
        queryset=Unit.objects.none(),
        widget=SELECT,
        empty_label=None,
        error_messages={"required": "Vælg enheden."},
    )
    note = forms.CharField(
        label="Bemærkning",
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = (
            units if units is not None else Unit.objects.none()
        )


class FocusAreaForm(forms.Form):
    dimension = forms.ChoiceField(
        label="Livsområde",
        choices=[("", "Vælg livsområde")] + list(LifeDimension.choices),
        widget=SELECT,
        error_messages={"required": "Vælg et livsområde."},
    )
    citizen_words = forms.CharField(
        label="Borgerens egne ord",
        required=False,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 2}),
    )

    def __init__(self, *args, phases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.phase_numbers = []
        for phase in phases:
            name = f"plan_{phase.number}"
            self.phase_numbers.append(phase.number)
            self.fields[name] = forms.CharField(
                label=f"Plan for fase {phase.number}: {phase.name}",
                required=False,
                widget=forms.Textarea(attrs={"class": "form-input", "rows": 2}),
            )

    def plans(self) -> dict[int, str]:
        return {n: self.cleaned_data.get(f"plan_{n}", "") for n in self.phase_numbers}
