from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from hjemvej.access import policy
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.common.db import RowsByIds
from hjemvej.common.forms import apply_errors
from hjemvej.deadlines.models import Task
from hjemvej.housing import selectors as housing_selectors
from hjemvej.offers import selectors as offer_selectors
from hjemvej.offers.models import LegalBasis, Offer, Referral, ReferralStatus
from hjemvej.people.models import Citizen
from hjemvej.people.services import do_create_citizen, log_cpr_lookup
from hjemvej.stays import charts, dst, selectors, services
from hjemvej.stays.economy import shelter_money
from hjemvej.stays.forms import (
    AdmitForm,
    AgreedPriceForm,
    ArrivalForm,
    DischargeForm,
    DstFieldsForm,
    ExternalStayForm,
    OwnPaymentForm,
    YouthAlternativeForm,
)
from hjemvej.stays.models import OPEN_PLAN_STATUSES, Stay


def _room(form, offer: Offer):
    room_id = form.cleaned_data.get("room")
    if not room_id:
        return None
    return offer.rooms.filter(pk=room_id).first()


@login_required
def board_index(request):
    """The residential offers the user works at; straight to the board when there is one."""
    offers = [
        o
        for o in offer_selectors.offers_for(request.user).filter(residential=True)
        if policy.works_at(request.user, o)
    ]
    if len(offers) == 1:
        return redirect("stays:board", offer_uuid=offers[0].uuid)
    return render(request, "stays/board_index.html", {"offers": offers})


@login_required
def board(request, offer_uuid):
    offer = offer_selectors.get_offer_for_work(request.user, offer_uuid)
    today = timezone.localdate()
    data = selectors.occupancy_board(user=request.user, offer=offer, today=today)
    series = selectors.occupancy_series(offer=offer, today=today)
    bars, cap_y = charts.bars(series, data.capacity)
    log_event(
        action=Action.READ,
        summary=f"Belægningsoversigt: {offer.name}",
        object_type="offer",
        object_id=str(offer.uuid),
        detail={"residents": data.occupied},
        purpose="Drift af tilbuddet",
    )
    return render(
        request,
        "stays/board.html",
        {
            "offer": offer,
            "board": data,
            "series": series,
            "bars": bars,
            "cap_y": cap_y,
            "chart": charts,
            "today": today,
            "is_staff": policy.is_offer_staff(request.user, offer),
        },
    )


def _after_admission(request, result, offer):
    if result.admitted:
        messages.success(request, result.message)
        return redirect("stays:board", offer_uuid=offer.uuid)
    if result.waiting:
        messages.warning(request, result.message)
        return redirect("offers:waiting_list", offer_uuid=offer.uuid)
    return None


@login_required
def arrival(request, offer_uuid):
    offer = offer_selectors.get_offer_for_work(request.user, offer_uuid)
    if not (offer.is_shelter and policy.is_offer_staff(request.user, offer)):
        raise Http404
    today = timezone.localdate()
    rooms = services.free_rooms(offer, today)
    ahead = offer_selectors.waiting_ahead(offer).count()
    form = ArrivalForm(
        request.POST or None,
        criteria=offer.criteria,
        rooms=rooms,
        ahead=ahead,
        ahead_text=offer_selectors.ahead_text(ahead),
        initial={"started_on": today},
        dst_on=today,
    )
    refused = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                citizen = Citizen.objects.filter(cpr=data["cpr"]).first()
                if citizen is None:
                    missing = {
                        f: msg
                        for f, msg in (
                            ("first_name", "Skriv borgerens fornavn."),
                            ("last_name", "Skriv borgerens efternavn."),
                            ("acting_municipality", "Vælg borgerens handlekommune."),
                        )
                        if not data.get(f)
                    }
                    if missing:
                        raise ValidationError(
                            {
                                **missing,
                                "cpr": "Borgeren er ikke kendt i Hjemvej – udfyld navn og handlekommune.",
                            }
                        )
                    citizen = do_create_citizen(
                        user=request.user,
                        cpr=data["cpr"],
                        first_name=data["first_name"],
                        last_name=data["last_name"],
                        acting_municipality=data["acting_municipality"],
                        purpose="Ankomst på herberg (§110, stk. 3)",
                    )
                else:
                    log_cpr_lookup(
                        number=citizen.cpr,
                        citizen=citizen,
                        outcome="ankomst på herberg",
                        purpose="Ankomst på herberg (§110, stk. 3)",
                    )
                result = services.do_register_arrival(
                    user=request.user,
                    offer=offer,
                    citizen=citizen,
                    facts=form.facts(),
                    room=_room(form, offer),
                    arrived_on=data["started_on"],
                    out_of_turn_reason=data.get("out_of_turn_reason", ""),
                    stay_type=data.get("stay_type", ""),
                    stayed_before=data.get("stayed_before", ""),
                )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            response = _after_admission(request, result, offer)
            if response is not None:
                return response
            refused = result
    return render(
        request,
        "stays/arrival.html",
        {"offer": offer, "form": form, "refused": refused},
    )


@login_required
def admit(request, referral_uuid):
    referral, _ = policy.access_object(
        request.user,
        Referral.objects.select_related("offer__unit", "citizen"),
        referral_uuid,
        what="Optagelse på tilbud",
        section=policy.SECTION_REFERRAL,
    )
    citizen = referral.citizen
    offer = referral.offer
    if not policy.is_offer_staff(request.user, offer) or referral.status not in (
        ReferralStatus.APPROVED,
        ReferralStatus.WAITING,
        ReferralStatus.REQUESTED,
    ):
        raise Http404
    today = timezone.localdate()
    rooms = services.free_rooms(offer, today) if offer.residential else []
    ahead = offer_selectors.waiting_ahead(offer, referral).count()
    form = AdmitForm(
        request.POST or None,
        criteria=offer.criteria,
        initial_facts=referral.facts,
        rooms=rooms,
        ahead=ahead,
        ahead_text=offer_selectors.ahead_text(ahead),
        initial={"started_on": today},
        dst_on=today if dst.start_fields(offer.legal_basis) else None,
        dst_basis=offer.legal_basis,
        own_payment=(
            housing_selectors.youth_own_payment_for(citizen, today)
            if offer.legal_basis == LegalBasis.SEL_107
            else None
        ),
    )
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.do_admit(
                user=request.user,
                offer=offer,
                citizen=citizen,
                referral=referral,
                room=_room(form, offer),
                facts=form.facts(),
                started_on=form.cleaned_data["started_on"],
                planned_end_on=form.cleaned_data["planned_end_on"],
                out_of_turn_reason=form.cleaned_data.get("out_of_turn_reason", ""),
                stay_type=form.cleaned_data.get("stay_type", ""),
                stayed_before=form.cleaned_data.get("stayed_before", ""),
                own_payment_per_night=form.cleaned_data.get("own_payment_per_night"),
                treatment_form=form.cleaned_data.get("treatment_form", ""),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            response = _after_admission(request, result, offer)
            if response is not None:
                return response
            refused = result
    return render(
        request,
        "stays/admit.html",
        {
            "offer": offer,
            "citizen": citizen,
            "referral": referral,
            "form": form,
            "refused": refused,
        },
    )


@login_required
def discharge(request, stay_uuid):
    stay, _ = policy.access_object(
        request.user,
        Stay.objects.select_related("offer__unit", "citizen", "room"),
        stay_uuid,
        what="Udskrivning fra tilbud",
    )
    citizen = stay.citizen
    if not policy.may_admit(request.user, stay.offer) or not stay.is_active:
        raise Http404
    form = DischargeForm(
        request.POST or None,
        initial={"ended_on": timezone.localdate()},
        dst_on=timezone.localdate() if dst.ended_how_list(stay.offer.legal_basis) else None,
        dst_basis=stay.offer.legal_basis,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.do_discharge(user=request.user, stay=stay, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"{citizen.full_name} er udskrevet fra {stay.offer.name}.")
            if stay.offer.is_external:
                return redirect("people:section", key="ophold", citizen_uuid=citizen.uuid)
            return redirect("stays:board", offer_uuid=stay.offer.uuid)
    return render(request, "stays/discharge.html", {"stay": stay, "citizen": citizen, "form": form})


EXTERNAL_PURPOSE = "Ophold på købt tilbud (underretning efter §110, stk. 6)"
NOT_KNOWN = (
    "Borgeren er ikke kendt i Hjemvej med jeres kommune som handlekommune. Opret borgeren "
    "først, og registrér så opholdet."
)


def _record_external(request, form, *, offer, citizen):
    data = form.cleaned_data
    own = data.get("own_payment_per_night")
    return services.do_register_external_stay(
        user=request.user,
        offer=offer,
        citizen=citizen,
        notice_received_on=data["notice_received_on"],
        started_on=data["started_on"],
        decided_on=data.get("decided_on"),
        price_per_night=data.get("price_per_night"),
        own_payment_per_night=own if own is not None else Decimal(0),
    )


@login_required
def external_new(request, offer_uuid):
    """Record a citizen's stay at a bought offer from its notice, found by CPR number."""
    offer = offer_selectors.get_offer(request.user, offer_uuid)
    if not (offer.is_external and policy.may_admit(request.user, offer)):
        raise Http404
    form = ExternalStayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["cpr"]
        citizen = (
            policy.visible_citizens(request.user)
            .filter(cpr=number, acting_municipality_id=offer.unit.municipality_id)
            .first()
        )
        log_cpr_lookup(
            number=number,
            citizen=citizen,
            outcome="ophold på købt tilbud" if citizen else "ikke fundet",
            purpose=EXTERNAL_PURPOSE,
        )
        if citizen is None:
            form.add_error("cpr", NOT_KNOWN)
        else:
            try:
                stay = _record_external(request, form, offer=offer, citizen=citizen)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request, f"{citizen.full_name}s ophold på {offer.name} er registreret."
                )
                return redirect("people:section", key="ophold", citizen_uuid=stay.citizen.uuid)
    return render(
        request,
        "stays/external_stay.html",
        {"offer": offer, "citizen": None, "form": form, "price": services.agreed_price(offer)},
    )


@login_required
def external_for_citizen(request, citizen_uuid):
    """Record the citizen's stay at one of the acting municipality's bought offers."""
    citizen, _ = policy.access_citizen(
        request.user, citizen_uuid, what="Registrering af ophold på købt tilbud"
    )
    offers = offer_selectors.bought_offers(request.user).filter(
        unit__municipality_id=citizen.acting_municipality_id
    )
    if not _may_record_bought(request.user, citizen):
        raise Http404
    form = ExternalStayForm(request.POST or None, offers=offers)
    if request.method == "POST" and form.is_valid():
        offer = form.cleaned_data["offer"]
        try:
            _record_external(request, form, offer=offer, citizen=citizen)
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, PermissionDenied):
                exc = ValidationError(str(exc))
            apply_errors(form, exc)
        else:
            messages.success(
                request, f"{citizen.full_name}s ophold på {offer.name} er registreret."
            )
            return redirect("people:section", key="ophold", citizen_uuid=citizen.uuid)
    return render(
        request,
        "stays/external_stay.html",
        {"offer": None, "citizen": citizen, "form": form, "price": None},
    )


@login_required
def agreed_price(request, stay_uuid):
    stay, _ = policy.access_object(
        request.user,
        Stay.objects.select_related("offer__unit", "citizen"),
        stay_uuid,
        what="Aftalt pris for ophold på købt tilbud",
    )
    citizen = stay.citizen
    if not (stay.offer.is_external and policy.may_admit(request.user, stay.offer)):
        raise Http404
    form = AgreedPriceForm(
        request.POST or None,
        initial={
            "price_per_night": stay.price_per_night,
            "own_payment_per_night": stay.own_payment_per_night,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.do_set_agreed_price(user=request.user, stay=stay, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Prisen er gemt.")
            return redirect("people:section", key="ophold", citizen_uuid=citizen.uuid)
    return render(
        request, "stays/agreed_price.html", {"stay": stay, "citizen": citizen, "form": form}
    )


@login_required
def own_payment(request, stay_uuid):
    stay, _ = policy.access_object(
        request.user,
        Stay.objects.select_related("offer__unit", "citizen"),
        stay_uuid,
        what="Egenbetaling for ophold",
    )
    citizen = stay.citizen
    if not policy.may_edit_citizen(request.user, citizen):
        raise Http404
    initial = stay.own_payment_per_night
    suggestion = None
    if stay.offer.legal_basis == LegalBasis.SEL_107:
        suggestion = housing_selectors.youth_own_payment_for(citizen, timezone.localdate())
        if not initial and suggestion.per_night is not None:
            initial = suggestion.per_night
    form = OwnPaymentForm(request.POST or None, initial={"own_payment_per_night": initial})
    if request.method == "POST" and form.is_valid():
        try:
            services.do_set_own_payment(
                user=request.user, stay=stay, amount=form.cleaned_data["own_payment_per_night"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Egenbetalingen er gemt.")
            return redirect("people:section", key="ophold", citizen_uuid=citizen.uuid)
    return render(
        request,
        "stays/own_payment.html",
        {"stay": stay, "citizen": citizen, "form": form, "suggestion": suggestion},
    )


@login_required
def dst_fields(request, stay_uuid):
    """Correct a stay's fields for Danmarks Statistik (linked from the export's worklist)."""
    stay, _ = policy.access_object(
        request.user,
        Stay.objects.select_related("offer__unit", "citizen", "room"),
        stay_uuid,
        what="Oplysninger til Danmarks Statistik",
    )
    citizen = stay.citizen
    if not (
        dst.ended_how_list(stay.offer.legal_basis) and policy.may_admit(request.user, stay.offer)
    ):
        raise Http404
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    form = DstFieldsForm(
        request.POST or None,
        stay=stay,
        initial={
            "stay_type": stay.stay_type,
            "stayed_before": stay.stayed_before,
            "treatment_form": stay.treatment_form,
            "ended_how": stay.ended_how,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.do_set_dst_fields(user=request.user, stay=stay, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Oplysningerne til Danmarks Statistik er gemt.")
            if back:
                return redirect(back)
            return redirect("people:section", key="ophold", citizen_uuid=citizen.uuid)
    return render(
        request,
        "stays/dst_fields.html",
        {"stay": stay, "citizen": citizen, "form": form, "back": back},
    )


@login_required
def youth_alternative(request, stay_uuid):
    """The acting municipality records the alternative offered to a citizen under the youth age
    at a shelter and the answer; that closes the task (issue 15)."""
    stay, _ = policy.access_object(
        request.user,
        Stay.objects.select_related("offer__unit", "citizen__acting_municipality", "room"),
        stay_uuid,
        what="Alternativ til herberget",
    )
    citizen = stay.citizen
    if not policy.may_record_youth_alternative(request.user, citizen):
        raise Http404
    task = stay.tasks.filter(kind=Task.Kind.YOUTH_ALTERNATIVE).first()
    if task is None:
        raise Http404
    form = YouthAlternativeForm(request.POST or None, initial={"offered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid() and task.done_on is None:
        try:
            services.do_record_youth_alternative(
                user=request.user,
                stay=stay,
                alternative=form.cleaned_data["alternative"],
                description=form.cleaned_data["description"],
                offered_on=form.cleaned_data["offered_on"],
                answer=form.cleaned_data["answer"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                f"Alternativet er registreret, og opgaven for {citizen.full_name} er lukket.",
            )
            return redirect("people:section", key="ophold", citizen_uuid=citizen.uuid)
    record = getattr(stay, "youth_alternative", None) if task.done_on else None
    return render(
        request,
        "stays/youth_alternative.html",
        {"stay": stay, "citizen": citizen, "form": form, "task": task, "record": record},
    )


@login_required
@require_POST
def complete_task(request, task_uuid):
    task, _ = policy.access_object(
        request.user, Task.objects.select_related("citizen"), task_uuid, what="Lovpligtig opgave"
    )
    citizen = task.citizen
    if not policy.may_edit_citizen(request.user, citizen):
        raise Http404
    try:
        services.do_complete_task(user=request.user, task=task, note=request.POST.get("note", ""))
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
    else:
        messages.success(request, f"Opgaven er udført: {task.get_kind_display()}.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    if target:
        return redirect(target)
    return redirect("people:section", key="ophold", citizen_uuid=citizen.uuid)


OVERVIEW_ROWS = 20


def _may_record_bought(user, citizen) -> bool:
    """The citizen's acting municipality's authority records stays at the offers it buys."""
    return policy.may_edit_citizen(user, citizen) and (
        citizen.acting_municipality_id in policy.authority_municipality_ids(user)
    )


@login_required
def citizen_stays(request, citizen_uuid):
    """All of a citizen's stays, 50 a page (the overview shows the newest)."""
    citizen, _grant = policy.access_citizen(request.user, citizen_uuid, what="Borgerens ophold")
    page = Paginator(selectors.citizen_stays_queryset(citizen), 50).get_page(
        request.GET.get("side")
    )
    return render(
        request,
        "stays/citizen_stays.html",
        {
            "citizen": citizen,
            "page": page,
            "today": timezone.localdate(),
            "may_edit": policy.may_edit_citizen(request.user, citizen),
            "may_record_youth": policy.may_record_youth_alternative(request.user, citizen),
            "may_record_bought": _may_record_bought(request.user, citizen),
            "staff_unit_ids": policy.staff_unit_ids(request.user),
            "next": request.get_full_path(),
        },
    )


WORKLIST_PAGES = {
    "ankomster": "Nye ankomster de sidste 7 dage",
    "frister": "Åbne frister",
    "overskredne": "Overskredne frister",
}


@login_required
def worklist_page(request, kind):
    """One of the home page's stay worklists in full, 50 rows a page."""
    if kind not in WORKLIST_PAGES or not policy.may_work_with_citizens(request.user):
        raise Http404
    today = timezone.localdate()
    # The open tasks' page is found by id in their index first (common.db.RowsByIds).
    rows: Any = (  # a QuerySet or RowsByIds: both page the same way
        selectors.arrivals(user=request.user, today=today)
        if kind == "ankomster"
        else RowsByIds(
            selectors.open_tasks(user=request.user, overdue=kind == "overskredne", today=today),
            per_page=selectors.WORKLIST_LIMIT,
            number=request.GET.get("side"),
        )
    )
    page = Paginator(rows, selectors.WORKLIST_LIMIT).get_page(request.GET.get("side"))
    return render(
        request,
        "stays/worklist_page.html",
        {
            "title": WORKLIST_PAGES[kind],
            "kind": kind,
            "page": page,
            "today": today,
            "next": request.get_full_path(),
        },
    )


# ---------------------------------------------------------------- extension points


def citizen_section(request, citizen):
    if not policy.may_work_with_citizens(request.user):
        return None
    today = timezone.localdate()
    # A citizen with years of history: the newest stays and referrals here, all of them on a
    # page of their own. The money is reckoned over every stay (they share running years).
    every_stay = list(citizen.stays.select_related("offer__unit").order_by("-started_on"))
    stays = list(selectors.citizen_stays_queryset(citizen)[:OVERVIEW_ROWS])
    shown = {s.pk for s in stays}
    referrals = citizen.referrals.select_related("offer__unit").order_by(
        "-requested_on", "-created_at"
    )
    money = shelter_money(every_stay, today)
    placements = selectors.citizen_placements(citizen)
    return {
        "title": "Visitationer og ophold",
        "template": "stays/_citizen_section.html",
        "data": {
            "citizen": citizen,
            "stays": stays,
            "stays_count": len(every_stay),
            "referrals": list(referrals[:OVERVIEW_ROWS]),
            "referrals_count": referrals.count(),
            "running_year": selectors.citizen_running_year(every_stay, today),
            "money": {pk: m for pk, m in money.items() if pk in shown},
            "today": today,
            "may_edit": policy.may_edit_citizen(request.user, citizen),
            "may_record_youth": policy.may_record_youth_alternative(request.user, citizen),
            "may_record_bought": _may_record_bought(request.user, citizen),
            "staff_unit_ids": policy.staff_unit_ids(request.user),
            "next": request.get_full_path(),
            "placements": list(placements[:OVERVIEW_ROWS]),
            "placements_count": placements.count(),
            "may_place": policy.may_manage_placements(request.user, citizen),
            "open_plan": OPEN_PLAN_STATUSES,
        },
    }


def home_section(request):
    if not policy.may_work_with_citizens(request.user):
        return None
    today = timezone.localdate()
    # The home page shows the counts only: no rows are loaded.
    wl = selectors.worklist(user=request.user, today=today, rows=False)
    return {
        "title": "Arbejdsliste: ophold og frister",
        "template": "stays/_worklist.html",
        "data": {"wl": wl, "today": today, "next": request.get_full_path()},
    }
