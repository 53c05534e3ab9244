import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hjemvej.access import policy
from hjemvej.accounts.models import Municipality
from hjemvej.common.forms import apply_errors
from hjemvej.offers import eligibility, selectors, services
from hjemvej.offers.forms import (
    BoughtOfferForm,
    DecisionForm,
    FactsForm,
    OfferForm,
    ParagraphForm,
    ReferralForm,
)
from hjemvej.offers.models import (
    DECISION_PARAGRAPHS,
    GRANTED_STATUSES,
    Offer,
    Referral,
    ReferralStatus,
)


@login_required
def offer_list(request):
    offers = selectors.offers_for(request.user)
    return render(request, "offers/list.html", {"offers": offers})


def _buying_municipalities(user):
    ids = {
        m for m in policy.member_municipality_ids(user) if policy.may_register_bought_offer(user, m)
    }
    return Municipality.objects.filter(pk__in=ids).order_by("name")


BOUGHT_PER_PAGE = 50


@login_required
def bought_list(request):
    """The offers the user's municipalities buy: 50 a page, with the open stays at each."""
    if not policy.may_see_offer_catalogue(request.user):
        raise Http404
    page = Paginator(selectors.bought_offers(request.user), BOUGHT_PER_PAGE).get_page(
        request.GET.get("side")
    )
    return render(
        request,
        "offers/bought_list.html",
        {"page": page, "may_register": _buying_municipalities(request.user).exists()},
    )


@login_required
def bought_new(request):
    municipalities = _buying_municipalities(request.user)
    if not municipalities.exists():
        raise Http404
    form = BoughtOfferForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        municipality = form.cleaned_data.get("municipality") or municipalities.first()
        try:
            offer = services.do_register_bought_offer(
                user=request.user,
                municipality=municipality,
                name=form.cleaned_data["name"],
                **form.offer_fields(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"{offer.name} er registreret som købt tilbud.")
            return redirect("offers:detail", offer_uuid=offer.uuid)
    return render(request, "offers/bought_form.html", {"form": form, "offer": None})


@login_required
def bought_edit(request, offer_uuid):
    offer = selectors.get_offer(request.user, offer_uuid)
    if not (offer.is_external and policy.may_edit_offer(request.user, offer)):
        raise Http404
    initial = {f: getattr(offer, f) for f in services.BOUGHT_FIELDS}
    initial["name"] = offer.name
    form = BoughtOfferForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_update_bought_offer(
                user=request.user,
                offer=offer,
                changes={"name": form.cleaned_data["name"], **form.offer_fields()},
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Tilbuddet er gemt.")
            return redirect("offers:detail", offer_uuid=offer.uuid)
    return render(request, "offers/bought_form.html", {"form": form, "offer": offer})


@login_required
def offer_detail(request, offer_uuid):
    offer = selectors.get_offer(request.user, offer_uuid)
    return render(
        request,
        "offers/detail.html",
        {
            "offer": offer,
            "rooms": list(offer.rooms.all()),
            "works_at": policy.works_at(request.user, offer),
            "is_staff": policy.is_offer_staff(request.user, offer),
            "may_edit": policy.may_edit_offer(request.user, offer),
            "may_record": offer.is_external and policy.may_admit(request.user, offer),
        },
    )


@login_required
def offer_edit(request, offer_uuid):
    offer = selectors.get_offer(request.user, offer_uuid)
    if not policy.may_edit_offer(request.user, offer):
        raise Http404
    if offer.is_external:
        return redirect("offers:bought_edit", offer_uuid=offer.uuid)
    form = OfferForm(request.POST or None, instance=offer)
    criteria_text = request.POST.get("criteria") if request.method == "POST" else None
    if criteria_text is None:
        criteria_text = json.dumps(offer.criteria, ensure_ascii=False, indent=2)
    criteria_error = ""
    rooms_text = (
        request.POST.get("rooms", "")
        if request.method == "POST"
        else "\n".join(r.name for r in offer.rooms.all())
    )
    rooms_error = ""
    if request.method == "POST" and form.is_valid():
        try:
            criteria = json.loads(criteria_text or "[]")
            if not isinstance(criteria, list):
                raise ValueError
        except ValueError:
            criteria_error = 'Kriterierne skal være en JSON-liste, fx [{"kind": "age", "min": 18}].'
        else:
            changes = {f: form.cleaned_data[f] for f in services.CATALOGUE_FIELDS}
            try:
                # The catalogue and its rooms are saved together or not at all.
                with transaction.atomic():
                    services.do_update_offer(
                        user=request.user,
                        offer=Offer.objects.get(pk=offer.pk),
                        changes=changes,
                        criteria=criteria,
                    )
                    services.do_set_rooms(
                        user=request.user, offer=offer, names=rooms_text.splitlines()
                    )
            except ValidationError as exc:
                errors = exc.message_dict if hasattr(exc, "error_dict") else {}
                criteria_error = " ".join(errors.pop("criteria", []))
                rooms_error = " ".join(errors.pop("rooms", []))
                if errors:
                    apply_errors(form, ValidationError(errors))
                elif not hasattr(exc, "error_dict"):
                    apply_errors(form, exc)
            else:
                messages.success(request, "Tilbuddet er gemt.")
                return redirect("offers:detail", offer_uuid=offer.uuid)
    return render(
        request,
        "offers/edit.html",
        {
            "offer": offer,
            "form": form,
            "criteria_text": criteria_text,
            "criteria_error": criteria_error,
            "rooms_text": rooms_text,
            "rooms_error": rooms_error,
        },
    )


@login_required
def waiting_index(request):
    """The waiting lists of the offers the user works with; straight to it when there is one."""
    offers = [
        o
        for o in selectors.offers_for(request.user).annotate(
            waiting=Count("referrals", filter=Q(referrals__status=ReferralStatus.WAITING))
        )
        if policy.works_at(request.user, o)
    ]
    own = [o for o in offers if policy.is_offer_staff(request.user, o)]
    if len(own) == 1:
        return redirect("offers:waiting_list", offer_uuid=own[0].uuid)
    return render(request, "offers/waiting_index.html", {"offers": offers})


@login_required
def waiting_list(request, offer_uuid):
    offer = selectors.get_offer_for_work(request.user, offer_uuid)
    page = Paginator(selectors.waiting_referrals(offer), 50).get_page(request.GET.get("side"))
    entries = selectors.waiting_list(
        user=request.user,
        offer=offer,
        referrals=page.object_list,
        first_position=page.start_index() if page.object_list else 1,
    )
    return render(
        request,
        "offers/waiting_list.html",
        {
            "offer": offer,
            "entries": entries,
            "page": page,
            "is_staff": policy.is_offer_staff(request.user, offer),
            "out_of_turn": selectors.out_of_turn_admissions(user=request.user, offer=offer),
        },
    )


@login_required
def group(request, offer_uuid):
    offer = selectors.get_offer_for_work(request.user, offer_uuid)
    if not offer.shows_composition:
        raise Http404
    comp = selectors.composition(user=request.user, offer=offer, today=timezone.localdate())
    return render(
        request,
        "offers/group.html",
        {
            "offer": offer,
            "comp": comp,
            "people": comp.members + comp.candidates,
            "spreads": [
                ("Deltagere", comp.member_spread),
                ("Deltagere og kandidater", comp.with_candidates_spread),
            ],
        },
    )


@login_required
def refer(request, citizen_uuid):
    citizen, _ = policy.access_citizen(request.user, citizen_uuid, what="Visitation til tilbud")
    if not policy.may_edit_citizen(request.user, citizen):
        raise Http404
    offers = list(selectors.offers_for(request.user))
    chosen = request.POST.get("offer") or request.GET.get("tilbud")
    offer = next((o for o in offers if str(o.uuid) == chosen), None)
    form = None
    evaluation = None
    if offer is not None:
        form = ReferralForm(
            request.POST or None,
            criteria=offer.criteria,
            local_offers=selectors.local_offers(citizen) if offer.is_external else None,
        )
        if request.method == "POST" and form.is_valid():
            facts = form.facts()
            evaluation = services.evaluate_citizen(offer=offer, citizen=citizen, facts=facts)
            if request.POST.get("action") == "refer":
                try:
                    referral = services.do_refer(
                        user=request.user,
                        citizen=citizen,
                        offer=offer,
                        facts=facts,
                        note=form.cleaned_data["note"],
                        **form.local_alternative(),
                    )
                except ValidationError as exc:
                    apply_errors(form, exc)
                else:
                    messages.success(request, f"{citizen.full_name} er visiteret til {offer.name}.")
                    return redirect("offers:referral", referral_uuid=referral.uuid)
    return render(
        request,
        "offers/refer.html",
        {
            "citizen": citizen,
            "offers": offers,
            "offer": offer,
            "form": form,
            "evaluation": evaluation,
        },
    )


def _referral_for(request, referral_uuid, what: str) -> Referral:
    referral, _ = policy.access_object(
        request.user,
        Referral.objects.select_related(
            "offer__unit__municipality", "citizen", "local_alternative__unit"
        ),
        referral_uuid,
        what=what,
        section=policy.SECTION_REFERRAL,
    )
    return referral


@login_required
def referral_detail(request, referral_uuid):
    referral = _referral_for(request, referral_uuid, "Visitation")
    offer = referral.offer
    evaluation = services.evaluate_citizen(
        offer=offer, citizen=referral.citizen, facts=referral.facts
    )
    facts_form = FactsForm(criteria=offer.criteria, initial_facts=referral.facts)
    has_after_start = any(c.get("phase") == "after_start" for c in offer.criteria)
    after_start = None
    if has_after_start and referral.status == ReferralStatus.ADMITTED:
        # The group's rules once the course has begun (e.g. relapse without treatment).
        after_start = eligibility.evaluate(
            offer.criteria,
            eligibility.facts_from(
                birth_date=referral.citizen.birth_date,
                on=timezone.localdate(),
                given=referral.facts,
            ),
            phase="after_start",
        )
    editor = policy.may_edit_citizen(request.user, referral.citizen)
    # A §82 grant says §82a or §82b; one made without it is corrected here (DST worklist).
    may_fix_paragraph = (
        len(DECISION_PARAGRAPHS.get(offer.legal_basis, ())) > 1
        and referral.status in GRANTED_STATUSES
        and policy.may_decide_referral(request.user, offer)
    )
    return render(
        request,
        "offers/referral.html",
        {
            "referral": referral,
            "offer": offer,
            "citizen": referral.citizen,
            "evaluation": evaluation,
            "changes": referral.changes.select_related("by"),
            "may_decide": policy.may_decide_referral(request.user, referral.offer)
            and referral.status == ReferralStatus.REQUESTED,
            "may_admit": policy.is_offer_staff(request.user, offer)
            and referral.status in (ReferralStatus.APPROVED, ReferralStatus.WAITING),
            "may_wait": referral.status == ReferralStatus.APPROVED and editor,
            "may_decline": policy.is_offer_staff(request.user, offer)
            and referral.status in (ReferralStatus.APPROVED, ReferralStatus.WAITING),
            "may_withdraw": referral.is_open and editor,
            "may_send_decision": referral.status
            in (ReferralStatus.APPROVED, ReferralStatus.REFUSED)
            and policy.may_send_decision(request.user, referral),
            "letters": referral.letters.all()[:20],
            "may_edit_facts": editor and (referral.is_open or after_start is not None),
            "after_start": after_start,
            "facts_form": facts_form,
            "decision_form": DecisionForm(offer=offer),
            "paragraph_form": ParagraphForm(offer=offer, initial={"paragraph": referral.paragraph})
            if may_fix_paragraph
            else None,
            "verdicts": eligibility,
            "level": selectors.referral_level(referral),
        },
    )


@login_required
@require_POST
def referral_action(request, referral_uuid, action):
    referral = _referral_for(request, referral_uuid, "Visitation: afgørelse")
    reason = request.POST.get("reason", "")
    staff = policy.is_offer_staff(request.user, referral.offer)
    editor = policy.may_edit_citizen(request.user, referral.citizen)
    try:
        if action in ("approve", "refuse") and policy.may_decide_referral(
            request.user, referral.offer
        ):
            services.do_decide_referral(
                user=request.user,
                referral=referral,
                approve=action == "approve",
                reason=reason,
                paragraph=request.POST.get("paragraph", ""),
            )
        elif action == "paragraph" and policy.may_decide_referral(request.user, referral.offer):
            services.do_set_referral_paragraph(
                user=request.user, referral=referral, paragraph=request.POST.get("paragraph", "")
            )
        elif action == "wait" and editor:
            services.do_set_referral_status(
                user=request.user, referral=referral, to=ReferralStatus.WAITING, reason=reason
            )
        elif action == "decline" and staff:
            services.do_set_referral_status(
                user=request.user, referral=referral, to=ReferralStatus.DECLINED, reason=reason
            )
        elif action == "withdraw" and editor:
            services.do_set_referral_status(
                user=request.user, referral=referral, to=ReferralStatus.WITHDRAWN, reason=reason
            )
        elif action == "facts" and editor:
            form = FactsForm(request.POST, criteria=referral.offer.criteria)
            if form.is_valid():
                services.do_update_referral_facts(
                    user=request.user, referral=referral, facts=form.facts()
                )
        else:
            raise Http404
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
    else:
        referral.refresh_from_db()
        messages.success(
            request, f"Visitationen er opdateret: {referral.get_status_display().lower()}."
        )
    return redirect("offers:referral", referral_uuid=referral.uuid)
