"""Forms for the finance pages. Amounts may be typed the Danish way (2.832.500 or 8497,5);
stays are typed or pasted one per line, fields separated by semicolons or tabs (from Excel)."""

import datetime
import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from hjemvej.accounts.models import Unit
from hjemvej.common.forms import DateField
from hjemvej.common.numbers import as_typed, parse_number
from hjemvej.economics import reimbursement
from hjemvej.economics.forecast import StayInput, check_stay_inputs
from hjemvej.economics.investment import (
    AMOUNT_FIELDS,
    AMOUNT_LABELS,
    EFFECTS_ENTRY_CHOICES,
    EFFECTS_TOTAL,
    SECTOR_LABELS,
    SECTORS,
)
from hjemvej.economics.models import CostSheet
from hjemvej.economics.rates import FIELD_LABELS

DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")


def parse_date(text: str) -> datetime.date:
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), fmt).date()  # noqa: DTZ007
        except ValueError:
            continue
    raise ValidationError(f"»{text.strip()}« er ikke en dato (skriv fx 1.10.2023).")


class NumberField(forms.CharField):
    def __init__(self, *, thousands: bool = True, **kwargs):
        self.thousands = thousands
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"class": "form-input", "inputmode": "decimal"})
        )
        kwargs.setdefault("error_messages", {"required": "Feltet skal udfyldes."})
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        return parse_number(value, thousands=self.thousands)

    def prepare_value(self, value):
        """Show a stored Decimal the Danish way: 2.832.500 or 0,3."""
        if not isinstance(value, Decimal):
            return value
        return as_typed(value, grouped=self.thousands)


def _number(label: str, *, pct: bool = False, required: bool = True, hint: str = "") -> NumberField:
    return NumberField(label=label, thousands=not pct, required=required, help_text=hint)


class CostSheetForm(forms.Form):
    unit: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Tilbud",
        queryset=Unit.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
        empty_label="Vælg tilbud",
        error_messages={
            "required": "Vælg tilbuddet.",
            "invalid_choice": "Vælg et tilbud på listen.",
        },
    )
    budget_year = forms.IntegerField(
        label="Budgetår",
        widget=forms.NumberInput(attrs={"class": "form-input"}),
        error_messages={"required": "Skriv budgetåret.", "invalid": "Skriv et årstal."},
    )
    salaries = _number(FIELD_LABELS["salaries"], hint="Kroner, fx 2.832.500.")
    other = _number(FIELD_LABELS["other"])
    external_treatment = _number(FIELD_LABELS["external_treatment"])
    expected_income = _number(FIELD_LABELS["expected_income"], hint="Trækkes fra driftsbudgettet.")
    supervision_fee = _number(FIELD_LABELS["supervision_fee"])
    salary_pools_pct = _number(FIELD_LABELS["salary_pools_pct"], pct=True, hint="Procent, fx 0,30.")
    maintenance_pct = _number(FIELD_LABELS["maintenance_pct"], pct=True, hint="Procent, fx 2,00.")
    indirect_pct = _number(FIELD_LABELS["indirect_pct"], pct=True, hint="Procent, fx 6,0.")
    computed_costs = _number(FIELD_LABELS["computed_costs"])
    price_adjustment = _number(FIELD_LABELS["price_adjustment"], hint="Kroner, der lægges til.")
    places = forms.IntegerField(
        label=FIELD_LABELS["places"],
        widget=forms.NumberInput(attrs={"class": "form-input"}),
        error_messages={"required": "Skriv antal pladser.", "invalid": "Skriv et helt tal."},
    )
    occupancy_pct = _number(FIELD_LABELS["occupancy_pct"], pct=True, hint="Procent, fx 100.")
    note = forms.CharField(
        label="Bemærkning",
        required=False,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}),
    )

    def __init__(self, *args, units=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["unit"]
            del self.fields["budget_year"]
        else:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]


STAYS_HELP = (
    "Ét ophold pr. linje: borgernøgle; paragraf (110, 85a eller 107); indskrivning; "
    "udskrivning; takst pr. nat; egenbetaling pr. nat; afgørelsesdato (kun §85a). "
    "Adskil med semikolon eller tabulator (kopiér fra Excel). Borgernøglen er din egen "
    "betegnelse, fx A – skriv ikke navne eller CPR-numre."
)
CURRENT_STAYS_HELP = (
    "Ét §110-ophold pr. linje: borgernøgle; indskrivning; udskrivning (tom, hvis opholdet "
    "er i gang); takst pr. nat; egenbetaling pr. nat. Adskil med semikolon eller tabulator. "
    "Tag også tidligere ophold med – de afgør de løbende år. Skriv ikke navne eller CPR-numre."
)


def _rows(text: str) -> list[tuple[int, list[str]]]:
    rows = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append((n, [c.strip() for c in re.split(r"[;\t]", line)]))
    return rows


def _cell(n: int, cells: list[str], i: int, what: str, parse, *, required: bool = True):
    raw = cells[i] if i < len(cells) else ""
    if not raw:
        if required:
            raise ValidationError(f"Linje {n}: {what} mangler.")
        return None
    try:
        return parse(raw)
    except ValidationError as exc:
        raise ValidationError(f"Linje {n}: {what}: {exc.messages[0]}") from exc


def parse_reimbursement_stays(text: str) -> list[reimbursement.Stay]:
    stays = []
    for n, cells in _rows(text):
        section = cells[1].removeprefix("§") if len(cells) > 1 else ""
        if section not in reimbursement.SECTIONS:
            raise ValidationError(f"Linje {n}: paragraffen skal være 110, 85a eller 107.")
        start = _cell(n, cells, 2, "indskrivningsdatoen", parse_date)
        end = _cell(n, cells, 3, "udskrivningsdatoen", parse_date)
        rate = _cell(n, cells, 4, "taksten", parse_number)
        own = _cell(n, cells, 5, "egenbetalingen", parse_number, required=False)
        decided = _cell(n, cells, 6, "afgørelsesdatoen", parse_date, required=False)
        stays.append(
            reimbursement.Stay(
                citizen=cells[0],
                section=section,
                start=start,
                end=end,
                daily_rate=rate,
                own_payment_per_night=own or Decimal(0),
                decided_on=decided,
            )
        )
    if not stays:
        raise ValidationError("Skriv mindst ét ophold.")
    _check(lambda: reimbursement.check_stays(stays), stays)
    return stays


def current_stays_text(stays: list[StayInput]) -> str:
    """Stays as the lines `parse_current_stays` reads: "key; start; end; rate; own payment"."""
    return "\n".join(
        f"{s.citizen}; {s.start:%d.%m.%Y}; {f'{s.end:%d.%m.%Y}' if s.end else ''}; "
        f"{_decimal_da(s.daily_rate)}; {_decimal_da(s.own_payment_per_night)}"
        for s in stays
    )


def _decimal_da(amount: Decimal) -> str:
    return f"{amount:.2f}".replace(".", ",")


def parse_current_stays(text: str) -> list[StayInput]:
    stays = []
    for n, cells in _rows(text):
        start = _cell(n, cells, 1, "indskrivningsdatoen", parse_date)
        end = _cell(n, cells, 2, "udskrivningsdatoen", parse_date, required=False)
        rate = _cell(n, cells, 3, "taksten", parse_number)
        own = _cell(n, cells, 4, "egenbetalingen", parse_number, required=False)
        stays.append(StayInput(cells[0], start, end, rate, own or Decimal(0)))
    if not stays:
        raise ValidationError("Skriv mindst ét ophold.")
    _check(lambda: check_stay_inputs(stays), stays)
    return stays


def _check(fn, stays) -> None:
    """Turn the pure code's 'stays.3.end' errors into 'Linje 4: …' messages."""
    try:
        fn()
    except ValidationError as exc:
        messages = []
        for key, errors in exc.message_dict.items():
            index = int(key.split(".")[1]) + 1 if key.startswith("stays.") else None
            for error in errors:
                messages.append(f"Ophold nr. {index}: {error}" if index else error)
        raise ValidationError(messages) from exc


class StaysField(forms.CharField):
    def __init__(self, *, parser, **kwargs):
        self.parser = parser
        kwargs.setdefault(
            "widget", forms.Textarea(attrs={"class": "form-input hjemvej-stays", "rows": 8})
        )
        kwargs.setdefault("error_messages", {"required": "Skriv mindst ét ophold."})
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        return self.parser(text)


class ReimbursementForm(forms.Form):
    stays = StaysField(label="Ophold", parser=parse_reimbursement_stays, help_text=STAYS_HELP)


class ForecastForm(forms.Form):
    start = DateField(
        label="Prognosen starter",
        required_message="Vælg en startdato.",
    )
    move_after_nights = forms.IntegerField(
        label="Flytning i egen bolig efter antal nætter",
        min_value=0,
        max_value=365,
        widget=forms.NumberInput(attrs={"class": "form-input"}),
        help_text="Regnet fra prognosens start (eller opholdets start, hvis den er senere).",
        error_messages={
            "required": "Skriv antal nætter.",
            "invalid": "Skriv et helt tal.",
            "min_value": "Antallet må ikke være negativt.",
            "max_value": "Højst 365 nætter.",
        },
    )
    support_per_day = _number(
        "Pris for §85a-bostøtte pr. dag", hint="Kroner pr. dag i egen bolig, fx 450."
    )
    stays = StaysField(label="Ophold", parser=parse_current_stays, help_text=CURRENT_STAYS_HELP)


class BudgetForm(forms.Form):
    cost_sheet: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Takstblad",
        queryset=CostSheet.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
        empty_label="Vælg takstblad",
        error_messages={
            "required": "Vælg et takstblad.",
            "invalid_choice": "Vælg et takstblad på listen.",
        },
    )
    as_of = DateField(
        label="Opgjort til og med dagen før",
        help_text="Igangværende ophold tælles op til denne dato.",
        required_message="Vælg en dato.",
    )
    stays = StaysField(label="Ophold", parser=parse_current_stays, help_text=CURRENT_STAYS_HELP)

    def __init__(self, *args, sheets=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["cost_sheet"]
        field.queryset = sheets  # type: ignore[attr-defined]
        field.label_from_instance = lambda s: f"{s.unit.name} – {s.budget_year}"  # type: ignore[attr-defined]


def amount_field_name(name: str, sector: str) -> str:
    return f"{name}__{sector}"


class InvestmentForm(forms.Form):
    name = forms.CharField(
        label="Navn på casen",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-input"}),
        help_text="Skal udfyldes, hvis casen skal gemmes.",
    )
    description = forms.CharField(
        label="Beskrivelse",
        required=False,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 2}),
    )
    participants = forms.IntegerField(
        label="Deltagere",
        min_value=1,
        widget=forms.NumberInput(attrs={"class": "form-input"}),
        error_messages={
            "required": "Skriv antal deltagere.",
            "invalid": "Skriv et helt tal.",
            "min_value": "Der skal være mindst én deltager.",
        },
    )
    years = forms.IntegerField(
        label="Tidshorisont (år)",
        min_value=1,
        max_value=10,
        widget=forms.NumberInput(attrs={"class": "form-input"}),
        help_text="SØM tillader op til 10 år; Ballerup regner med 3.",
        error_messages={
            "required": "Skriv tidshorisonten.",
            "invalid": "Skriv et helt tal.",
            "min_value": "Mindst 1 år.",
            "max_value": "Højst 10 år.",
        },
    )
    effects_entry = forms.ChoiceField(
        label="Effekterne er indtastet",
        choices=EFFECTS_ENTRY_CHOICES,
        initial=EFFECTS_TOTAL,
        widget=forms.RadioSelect,
        help_text=(
            "En SØM-rapport viser hver effektlinje som summen over effektårene; skriv dem ind "
            "sådan. Vælg »pr. år« kun, hvis du skriver effekten for ét år."
        ),
        error_messages={"required": "Vælg, hvordan effekterne er indtastet."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in AMOUNT_FIELDS:
            for sector in SECTORS:
                self.fields[amount_field_name(name, sector)] = NumberField(
                    label=f"{AMOUNT_LABELS[name]} – {SECTOR_LABELS[sector]}",
                    required=False,
                )

    def grid(self):
        """Rows of (label, [bound fields per sector]) for the table layout."""
        return [
            (AMOUNT_LABELS[name], [self[amount_field_name(name, s)] for s in SECTORS])
            for name in AMOUNT_FIELDS
        ]

    def amounts(self) -> dict[str, dict[str, Decimal]]:
        return {
            name: {
                s: self.cleaned_data.get(amount_field_name(name, s)) or Decimal(0) for s in SECTORS
            }
            for name in AMOUNT_FIELDS
        }
