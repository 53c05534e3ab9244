from typing import cast

from django import forms

from hjemvej.accounts.models import Municipality
from hjemvej.common.forms import date_field
from hjemvej.housing.models import HousingApplication, HousingOffer, IncomeSource
from hjemvej.offers.models import Offer

AMOUNT_ERRORS = {"required": "Skriv beløbet.", "invalid": "Skriv et beløb i kroner, fx 1500,00."}


def _date(label, required=True):
    return date_field(label, required=required)


def _amount(label, required=True):
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=11,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"class": "form-input", "inputmode": "decimal"}),
        error_messages=AMOUNT_ERRORS,
    )


def _text(label, required=False, max_length=300):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )


class ApplicationForm(forms.Form):
    channel = forms.ChoiceField(
        label="Hvor er der søgt",
        choices=[("", "Vælg")] + list(HousingApplication.Channel.choices),
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": "Vælg hvor borgeren har søgt bolig."},
    )
    landlord = _text("Boligforening / udlejer", max_length=200)
    offer: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Skæv bolig (tilbud)",
        queryset=Offer.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text="Kun ved ansøgning om en skæv bolig: tilbuddets personale kan så se borgeren.",
    )
    applied_on = _date("Søgt den")
    note = _text("Bemærkning", max_length=500)

    def __init__(self, *args, skaeve_offers=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["offer"]).queryset = skaeve_offers


class HousingOfferForm(forms.Form):
    offered_on = _date("Tilbudt den")
    address = _text("Bolig (adresse)", required=True, max_length=200)
    municipality = forms.ModelChoiceField(
        label="Kommune",
        queryset=Municipality.objects.order_by("name"),
        required=False,
        empty_label="Ikke oplyst",
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text="Den kommune, boligen ligger i. En borger på kontanthjælp kan ikke flytte til "
        "en anden kommune.",
    )
    rent = _amount("Husleje pr. måned", required=False)

    def clean_rent(self):
        rent = self.cleaned_data.get("rent")
        if rent is not None and rent < 0:
            raise forms.ValidationError("Huslejen kan ikke være negativ.")
        return rent


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label="Svar",
        choices=[("", "Vælg")]
        + [
            (HousingOffer.Answer.ACCEPTED, "Takket ja"),
            (HousingOffer.Answer.TURNED_DOWN, "Takket nej"),
        ],
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": "Vælg om borgeren takkede ja eller nej."},
    )
    reason = _text("Begrundelse (ved nej)")
    move_in_on = _date("Indflytningsdato (ved ja)", required=False)


class DebtForm(forms.Form):
    creditor = _text("Kreditor", required=True, max_length=200)
    amount = _amount("Beløb")
    registered_on = _date("Registreret den")
    note = _text("Bemærkning")


class AgreementForm(forms.Form):
    agreed_on = _date("Aftalt den")
    monthly_amount = _amount("Afdrag pr. måned")
    first_due_on = _date("Første afdrag den")


class InstalmentForm(forms.Form):
    paid_on = _date("Betalt den")
    amount = _amount("Beløb")


class IncomeForm(forms.Form):
    source = forms.ChoiceField(
        label="Hvad lever borgeren af",
        choices=[("", "Vælg")] + list(IncomeSource.choices),
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": "Vælg hvad borgeren lever af."},
    )
    monthly_amount = _amount("Udbetalt pr. måned efter skat (kr.)", required=False)
    valid_from = _date("Gælder fra")
    valid_to = _date("Gælder til og med", required=False)
    note = _text("Bemærkning")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["monthly_amount"].help_text = "Tomt eller 0 ved „Ingen indkomst“."
        self.fields["valid_to"].help_text = "Tomt, hvis indkomsten fortsætter."


class EndIncomeForm(forms.Form):
    valid_to = _date("Sidste dag med denne indkomst")
