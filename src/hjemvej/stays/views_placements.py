"""Placements in bought offers, their bring-home plans and the bring-home report (issue 16):
the acting municipality's caseworkers register and change them; the report shows the
authority's staff their municipality's placements of the citizens they may see."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from hjemvej.access import policy
from hjemvej.accounts.models import Municipality
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.common.db import LIST_CAP
from hjemvej.common.forms import apply_errors
from hjemvej.offers import selectors as offer_selectors
from hjemvej.offers.models import Offer, Operator
from hjemvej.stays import selectors, services
from hjemvej.stays.forms import PlacementForm
from hjemvej.stays.models import Placement

PER_PAGE = 50
PURPOSE = "Anbringelse i købt tilbud og hjemtagning"


def _form(request, citizen, *, editing: bool, initial: dict | None = None) -> PlacementForm:
    bought = (
        Offer.objects.filter(unit__municipality_id=citizen.acting_municipality_id)
        .exclude(operator=Operator.OWN)
        .select_related("unit")
        .order_by("unit__name")
    )
    return PlacementForm(
        request.POST or None,
        initial=initial,
        offers=bought,
        local_offers=offer_selectors.local_offers(citizen),
        caseworkers=policy.placement_caseworkers(citizen.acting_municipality_id),
        editing=editing,
    )


def _back(citizen):
    return redirect("people:section", key="ophold", citizen_uuid=citizen.uuid)


@login_required
def placement_new(request, citizen_uuid):
    citizen, _ = policy.access_citizen(
        request.user, citizen_uuid, what="Anbringelse i købt tilbud", section=policy.SECTION_RECORD
    )
    if not policy.may_manage_placements(request.user, citizen):
        raise Http404
    stay = selectors.untied_bought_stay(citizen)
    initial = {"started_on": timezone.localdate(), "responsible": request.user.pk}
    if stay is not None:  # the placement is tied to the stay: its start and agreed price
        initial.update(offer=stay.offer_id, started_on=stay.started_on)
    form = _form(request, citizen, editing=False, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.do_create_placement(
                user=request.user,
                citizen=citizen,
                offer=data["offer"],
                started_on=data["started_on"],
                cost_per_month=data["cost_per_month"],
                local_offer=data["local_offer"],
                responsible=data["responsible"],
                plan_status=data["plan_status"],
                target_date=data["target_date"],
                plan_steps=data["plan_steps"],
                not_possible_reason=data["not_possible_reason"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Anbringelsen er registreret.")
            return _back(citizen)
    return render(
        request,
        "stays/placement_form.html",
        {"citizen": citizen, "form": form, "placement": None, "stay": stay},
    )


@login_required
def placement_edit(request, placement_uuid):
    placement, _ = policy.access_object(
        request.user,
        Placement.objects.select_related("citizen", "offer__unit", "local_offer__unit", "stay"),
        placement_uuid,
        what="Anbringelse i købt tilbud og hjemtagningsplan",
    )
    citizen = placement.citizen
    if not (
        policy.may_manage_placements(request.user, citizen)
        and placement.municipality_id in policy.authority_municipality_ids(request.user)
    ):
        raise Http404
    form = _form(
        request,
        citizen,
        editing=True,
        initial={f: getattr(placement, f) for f in services.PLACEMENT_FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {f: data.get(f) for f in services.PLACEMENT_FIELDS}
        for text in ("plan_steps", "not_possible_reason", "plan_status"):
            changes[text] = changes[text] or ""
        if changes["cost_per_month"] is None:
            changes["cost_per_month"] = placement.cost_per_month
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = None
        try:
            services.do_update_placement(
                user=request.user, placement=placement, changes=changes, version=version
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Anbringelsen og hjemtagningsplanen er gemt.")
            return _back(citizen)
    return render(
        request,
        "stays/placement_form.html",
        {"citizen": citizen, "form": form, "placement": placement},
    )


@login_required
def bring_home(request):
    """The bring-home report of one of the user's municipalities: placed citizens, their cost,
    the saving at the local offers' rates, and plans past their target date."""
    if not policy.may_see_bring_home_report(request.user):
        raise Http404  # analysts and offer staff: no access (figures over few citizens)
    ids = policy.placement_municipality_ids(request.user)
    municipalities = list(Municipality.objects.filter(pk__in=ids).order_by("name"))
    chosen = request.GET.get("kommune", "")
    municipality = next((m for m in municipalities if str(m.code) == chosen), municipalities[0])
    today = timezone.localdate()
    totals, placements, rates = selectors.bring_home_report(request.user, municipality.pk, today)
    page = Paginator(placements, PER_PAGE).get_page(request.GET.get("side"))
    rows = selectors.placement_rows(page.object_list, rates, today)
    log_event(
        action=Action.SEARCH,
        summary=f"Hjemtagningsrapport: {municipality.name}",
        detail={"municipality": municipality.code, "page": page.number, "citizens": len(rows)},
        purpose=PURPOSE,
    )
    return render(
        request,
        "stays/bring_home.html",
        {
            "municipality": municipality,
            "municipalities": municipalities if len(municipalities) > 1 else [],
            "totals": totals,
            "rows": rows,
            "page": page,
            "today": today,
            "year": today.year,
            "query": f"kommune={municipality.code}&",
        },
    )


def bring_home_section(request):
    """The home page's count of bring-home plans whose target date is near or passed (the
    worklist "hjemtagning"); None for users outside an authority."""
    if not policy.may_work_with_citizens(request.user) or not (
        policy.placement_municipality_ids(request.user)
    ):
        return None
    today = timezone.localdate()
    # The home page shows counts only: the plans' target dates, not the plans.
    due = selectors.bring_home_due_targets(request.user, today, LIST_CAP)
    return {
        "title": "Hjemtagning",
        "template": "stays/_worklist_placements.html",
        "data": {
            "targets": due,
            "overdue": sum(1 for target in due if target is not None and target < today),
            "today": today,
        },
    }
