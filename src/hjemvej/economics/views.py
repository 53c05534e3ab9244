"""Pages for finance staff: cost sheets, the reimbursement calculator, forecasts, budget against
actual and investment cases. No page here shows a citizen: stays are typed in with the user's
own keys, so managers and analysts may use all of it."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hjemvej.access import policy
from hjemvej.accounts.models import Municipality
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.common.forms import apply_errors
from hjemvej.common.suppression import is_small
from hjemvej.economics import selectors, services
from hjemvej.economics.budget import budget_against_actual
from hjemvej.economics.chart import forecast_chart
from hjemvej.economics.excel import cost_sheet_workbook
from hjemvej.economics.forecast import forecast
from hjemvej.economics.forms import (
    BudgetForm,
    CostSheetForm,
    ForecastForm,
    InvestmentForm,
    ReimbursementForm,
    current_stays_text,
)
from hjemvej.economics.investment import (
    SECTOR_LABELS,
    SECTORS,
    InvestmentInput,
    compute_investment,
    horizon_note,
)
from hjemvej.economics.pricing import stay_inputs
from hjemvej.economics.rates import CostSheetInput
from hjemvej.economics.reimbursement import SECTIONS, compute_reimbursement
from hjemvej.stays.selectors import current_shelter_spans, unit_spans

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_finance(user) -> None:
    if not policy.may_use_calculators(user):
        raise Http404


@login_required
def index(request):
    _require_finance(request.user)
    return render(
        request,
        "economics/index.html",
        {
            "sheets": selectors.cost_sheets_for(request.user),
            "rules": selectors.reimbursement_rules(),
            "sections": SECTIONS,
            "may_edit": policy.may_edit_cost_sheets(request.user),
        },
    )


@login_required
def cost_sheet_detail(request, sheet_uuid):
    _require_finance(request.user)
    sheet = selectors.get_cost_sheet(request.user, sheet_uuid)
    return render(
        request,
        "economics/cost_sheet.html",
        {
            "sheet": sheet,
            "result": selectors.cost_sheet_rate(sheet),
            "may_edit": policy.may_edit_cost_sheets(request.user, sheet.unit),
        },
    )


def _values(data) -> CostSheetInput:
    return CostSheetInput(**{name: data[name] for name in services.INPUT_FIELDS})


@login_required
def cost_sheet_create(request):
    _require_finance(request.user)
    units = selectors.offer_units(request.user, editable=True)
    if not units.exists():
        raise Http404
    form = CostSheetForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            sheet = services.do_create_cost_sheet(
                user=request.user,
                unit=form.cleaned_data["unit"],
                budget_year=form.cleaned_data["budget_year"],
                values=_values(form.cleaned_data),
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Takstbladet er oprettet.")
            return redirect("economics:cost_sheet", sheet.uuid)
    return render(
        request,
        "economics/cost_sheet_form.html",
        {"form": form, "title": "Nyt takstblad", "submit": "Opret takstblad"},
    )


@login_required
def cost_sheet_edit(request, sheet_uuid):
    _require_finance(request.user)
    sheet = selectors.get_cost_sheet(request.user, sheet_uuid)
    if not policy.may_edit_cost_sheets(request.user, sheet.unit):
        raise Http404
    initial = {name: getattr(sheet, name) for name in services.INPUT_FIELDS}
    initial["note"] = sheet.note
    form = CostSheetForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_update_cost_sheet(
                user=request.user,
                sheet=sheet,
                version=int(request.POST.get("version", 0)),
                values=_values(form.cleaned_data),
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Takstbladet er gemt.")
            return redirect("economics:cost_sheet", sheet.uuid)
    return render(
        request,
        "economics/cost_sheet_form.html",
        {
            "form": form,
            "sheet": sheet,
            "title": f"Ret takstblad {sheet.budget_year}: {sheet.unit.name}",
            "submit": "Gem takstblad",
        },
    )


@login_required
def cost_sheet_excel(request, sheet_uuid):
    _require_finance(request.user)
    sheet = selectors.get_cost_sheet(request.user, sheet_uuid)
    content = cost_sheet_workbook(sheet, selectors.cost_sheet_rate(sheet))
    log_event(
        action=Action.EXPORT,
        summary=f"Takstblad {sheet.budget_year} for {sheet.unit.name} hentet som Excel",
        obj=sheet,
        purpose="Budget og takstberegning",
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="takstblad-{sheet.unit.slug}-{sheet.budget_year}.xlsx"'
    )
    return response


@login_required
def reimbursement_calculator(request):
    _require_finance(request.user)
    form = ReimbursementForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = compute_reimbursement(
                form.cleaned_data["stays"], selectors.reimbursement_rules()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
    return render(
        request,
        "economics/reimbursement.html",
        {"form": form, "result": result, "sections": SECTIONS},
    )


@login_required
def forecast_page(request):
    _require_finance(request.user)
    initial = {"start": timezone.localdate(), "move_after_nights": 30}
    if request.method == "GET" and request.GET.get("aktuelle"):
        # The municipality's current shelter stays, keyed "Borger 1", "Borger 2", … (stays app).
        today = timezone.localdate()
        spans = current_shelter_spans(policy.finance_municipality_ids(request.user), today)
        inputs = stay_inputs(spans, selectors.daily_rates({s.unit_id for s in spans}), today=today)
        if inputs:
            if not _withheld_for_analyst(request, inputs):
                initial["stays"] = current_stays_text(inputs)
        else:
            messages.info(
                request,
                "Der er ingen aktuelle herbergsophold med et takstblad for tilbuddet. "
                "Opret takstbladet under Økonomi, eller skriv opholdene selv.",
            )
    form = ForecastForm(request.POST or None, initial=initial)
    result = chart = None
    if request.method == "POST" and form.is_valid():
        try:
            result = forecast(
                form.cleaned_data["stays"],
                start=form.cleaned_data["start"],
                move_after_nights=form.cleaned_data["move_after_nights"],
                support_per_day=form.cleaned_data["support_per_day"],
                rules=selectors.reimbursement_rules(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            chart = forecast_chart(result)
    rows = []
    if result is not None:
        a_cum = result.stay_as_is.cumulative_net()
        b_cum = result.move_out.cumulative_net()
        for i, month in enumerate(result.month_starts):
            rows.append(
                {
                    "month": month,
                    "a": result.stay_as_is.months[i],
                    "b": result.move_out.months[i],
                    "a_cum": a_cum[i],
                    "b_cum": b_cum[i],
                }
            )
    citizens = []
    if result is not None:
        for key, tally in result.stay_as_is.per_citizen.items():
            moved = result.move_out.per_citizen.get(key)
            citizens.append({"key": key, "a": tally, "b": moved})
    return render(
        request,
        "economics/forecast.html",
        {"form": form, "result": result, "chart": chart, "rows": rows, "citizens": citizens},
    )


@login_required
def budget_page(request):
    _require_finance(request.user)
    sheets = selectors.cost_sheets_for(request.user)
    initial: dict = {"as_of": timezone.localdate()}
    chosen = request.GET.get("takstblad") if request.method == "GET" else None
    if chosen:
        # The offer's recorded stays in the sheet's budget year (stays app), without names.
        sheet_for_stays = sheets.filter(uuid=chosen).first() if _is_uuid(chosen) else None
        if sheet_for_stays is not None:
            initial["cost_sheet"] = sheet_for_stays.pk
            spans = unit_spans(sheet_for_stays.unit_id, sheet_for_stays.budget_year)
            inputs = stay_inputs(
                spans, selectors.daily_rates({sheet_for_stays.unit_id}), today=timezone.localdate()
            )
            if inputs:
                if not _withheld_for_analyst(request, inputs):
                    initial["stays"] = current_stays_text(inputs)
            else:
                messages.info(
                    request, "Der er ingen registrerede ophold på tilbuddet i budgetåret."
                )
    form = BudgetForm(request.POST or None, sheets=sheets, initial=initial)
    result = sheet = None
    if request.method == "POST" and form.is_valid():
        sheet = form.cleaned_data["cost_sheet"]
        try:
            result = budget_against_actual(
                selectors.cost_sheet_rate(sheet),
                sheet.budget_year,
                form.cleaned_data["stays"],
                as_of=form.cleaned_data["as_of"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
    return render(
        request, "economics/budget.html", {"form": form, "result": result, "sheet": sheet}
    )


def _withheld_for_analyst(request, inputs) -> bool:
    """Recorded stays resting on fewer than 5 citizens are not shown to an analyst, one line
    per stay would point them out (common/suppression.py); the analyst types the stays."""
    if not (policy.aggregates_only(request.user) and is_small(len({s.citizen for s in inputs}))):
        return False
    messages.info(
        request,
        "De registrerede ophold bygger på færre end 5 borgere og vises derfor ikke. "
        "Skriv opholdene selv.",
    )
    return True


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _sector_rows(figures: dict) -> list[dict]:
    return [{"label": SECTOR_LABELS[s], "figures": figures[s]} for s in SECTORS] + [
        {"label": "I alt", "figures": figures["total"], "is_total": True}
    ]


@login_required
def investment_page(request):
    _require_finance(request.user)
    cases = selectors.investment_cases_for(request.user)
    form = InvestmentForm(request.POST or None, initial={"participants": 15, "years": 3})
    result = None
    data = None
    if request.method == "POST" and form.is_valid():
        data = InvestmentInput(
            participants=form.cleaned_data["participants"],
            years=form.cleaned_data["years"],
            amounts=form.amounts(),
            effects_entry=form.cleaned_data["effects_entry"],
        )
        try:
            result = compute_investment(data)
            if "save" in request.POST:
                municipality_ids = policy.finance_municipality_ids(request.user)
                municipality = Municipality.objects.filter(pk__in=municipality_ids).first()
                if municipality is None:
                    raise Http404
                case = services.do_save_investment_case(
                    user=request.user,
                    municipality=municipality,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    data=data,
                )
                messages.success(request, f"Casen »{case.name}« er gemt.")
                return redirect("economics:investment")
        except ValidationError as exc:
            apply_errors(form, exc)
            result = None
    return render(
        request,
        "economics/investment.html",
        {
            "form": form,
            "result": result,
            "per_citizen": _sector_rows(result.per_citizen) if result else None,
            "total": _sector_rows(result.total) if result else None,
            "horizon_note": horizon_note(data.effects_entry, data.years) if result and data else "",
            "cases": cases,
            "sector_labels": [SECTOR_LABELS[s] for s in SECTORS],
        },
    )


@login_required
def investment_compare(request):
    _require_finance(request.user)
    wanted = request.GET.getlist("case")
    cases = list(selectors.investment_cases_for(request.user).filter(uuid__in=_uuids(wanted)))
    columns: list[dict[str, Any]] = [
        {"case": case, "result": compute_investment(services.investment_input(case))}
        for case in cases
    ]
    rows: list[dict[str, Any]] = []
    for key, label in [
        ("intervention", "Indsatsens nettoomkostning"),
        ("effect", "Nettoeffekt"),
        ("net", "Nettoresultat"),
    ]:
        rows.append(
            {
                "label": f"{label} pr. borger",
                "values": [getattr(c["result"].per_citizen["total"], key) for c in columns],
            }
        )
    for key, label in [
        ("intervention", "Indsatsens nettoomkostning"),
        ("effect", "Nettoeffekt"),
        ("net", "Nettoresultat"),
    ]:
        rows.append(
            {
                "label": f"{label} i alt",
                "values": [getattr(c["result"].total["total"], key) for c in columns],
                "is_total": key == "net",
            }
        )
    for s in SECTORS:
        rows.append(
            {
                "label": f"Nettoresultat i alt – {SECTOR_LABELS[s].lower()}",
                "values": [c["result"].total[s].net for c in columns],
            }
        )
    return render(request, "economics/investment_compare.html", {"columns": columns, "rows": rows})


def _uuids(values: list[str]) -> list[str]:
    out = []
    for v in values:
        try:
            out.append(str(uuid.UUID(v)))
        except ValueError:
            continue
    return out


@login_required
@require_POST
def investment_delete(request, case_uuid):
    _require_finance(request.user)
    case = selectors.investment_cases_for(request.user).filter(uuid=case_uuid).first()
    if case is None:
        raise Http404
    try:
        services.do_delete_investment_case(user=request.user, case=case)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Casen »{case.name}« er slettet.")
    return redirect("economics:investment")
