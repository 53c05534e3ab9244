"""Forms for Housing First cohorts: create, admit, relapse, treatment re-established, leave,
ADL attendance."""

from django import forms

from hjemvej.courses import cohort_rules
from hjemvej.courses.forms import SELECT, _date

TEXT = forms.TextInput(attrs={"class": "form-input", "autocomplete": "off"})
AREA = forms.Textarea(attrs={"class": "form-input", "rows": 3})


class CohortForm(forms.Form):
    name = forms.CharField(
        label="Gruppens navn",
        max_length=100,
        widget=TEXT,
        error_messages={"required": "Skriv gruppens navn."},
    )
    starts_on = _date("Start", message="Skriv gruppens startdato.")
    planned_end = _date(
        "Planlagt slut",
        required=False,
        help_text="Tom: 9 måneder efter start.",
    )
    adl_starts_on = _date(
        "ADL-kursus fra", message="ADL-kurset er obligatorisk: skriv hvornår det holdes."
    )
    adl_ends_on = _date("ADL-kursus til", message="Skriv, hvornår ADL-kurset slutter.")


class AdmitForm(forms.Form):
    citizen = forms.ChoiceField(
        label="Borger (bevilget til tilbuddet)",
        widget=SELECT,
        error_messages={"required": "Vælg borgeren.", "invalid_choice": "Vælg borgeren."},
    )
    on = _date("Optaget", message="Skriv datoen for optagelsen.")

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["citizen"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Vælg borger")] + [(str(c.uuid), c.label) for c in candidates]


class RelapseForm(forms.Form):
    occurred_on = _date("Dato for tilbagefaldet", message="Skriv datoen for tilbagefaldet.")
    note = forms.CharField(label="Bemærkning", required=False, widget=AREA)


class TreatmentForm(forms.Form):
    on = _date("Behandlingen genoptaget", message="Skriv datoen.")


class LeaveForm(forms.Form):
    left_on = _date("Forlod gruppen", message="Skriv datoen.")
    reason = forms.CharField(
        label="Begrundelse",
        widget=AREA,
        error_messages={"required": "Skriv begrundelsen for, at deltageren forlader gruppen."},
    )
    to_own_home = forms.BooleanField(
        label="Flytter i egen bolig",
        required=False,
        help_text="Den planlagte vej ud ved gruppens slut: flytningen registreres, og "
        "opfølgningen efter 1, 3, 6 og 12 måneder starter.",
    )


class AdlForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label="Emner, deltageren har deltaget i",
        required=False,
        choices=[(t, t) for t in cohort_rules.ADL_TOPICS],
        widget=forms.CheckboxSelectMultiple,
        help_text="Emner, der ikke er krydset af, registreres som ikke deltaget.",
    )
    on = _date("Registreret", message="Skriv datoen.")
