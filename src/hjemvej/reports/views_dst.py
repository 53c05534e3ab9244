"""Danmarks Statistik's exports: the §110 stays of a shelter (stays/dst.py) and the §101
treatment and adult decisions of an authority (stays/dst_adult.py). For each: the units a
manager may export, the quarter's worklist of what DST would reject or fill with "unknown",
and the order of the file (a report job: kept with its period, an EXPORT audit row at
download)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hjemvej.access import policy
from hjemvej.accounts.models import Unit
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.offers.models import LegalBasis, Offer
from hjemvej.reports.services import do_request_report
from hjemvej.stays import dst, dst_adult

GAPS_PER_PAGE = 25


def _shelters(user):
    return (
        Offer.objects.filter(unit_id__in=policy.dst_unit_ids(user), legal_basis=LegalBasis.SEL_110)
        .select_related("unit")
        .order_by("unit__name")
    )


def _offer(user, offer_uuid) -> Offer:
    offer = get_object_or_404(Offer.objects.select_related("unit"), uuid=offer_uuid)
    if not (offer.is_shelter and policy.may_export_dst(user, offer)):
        raise Http404
    return offer


def _quarter(text: str | None) -> tuple[int, int]:
    """The quarter asked for, else the last finished quarter."""
    try:
        year, quarter = dst.parse_quarter(text or "")
        dst.quarter_bounds(year, quarter)
        if not 2000 <= year <= 2100:
            raise ValueError(text)
        return year, quarter
    except ValueError:
        today = timezone.localdate()
        quarter = (today.month - 1) // 3
        return (today.year, quarter) if quarter else (today.year - 1, 4)


def _quarter_choices(current: tuple[int, int]) -> list[tuple[str, str]]:
    today = timezone.localdate()
    year, quarter = today.year, (today.month - 1) // 3 + 1
    choices = []
    for _ in range(8):
        choices.append((f"{year}-{quarter}", f"{quarter}. kvartal {year}"))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    value = f"{current[0]}-{current[1]}"
    if value not in dict(choices):
        choices.append((value, f"{current[1]}. kvartal {current[0]}"))
    return choices


def _authorities(user):
    return Unit.objects.filter(pk__in=policy.dst_authority_ids(user)).order_by("name")


@login_required
def index(request):
    shelters = _shelters(request.user)[:50]
    authorities = _authorities(request.user)[:50]
    if not (shelters or authorities):
        raise Http404
    return render(
        request,
        "reports/dst_index.html",
        {"shelters": shelters, "authorities": authorities, "kinds": dst_adult.KINDS},
    )


@login_required
def check(request, offer_uuid):
    offer = _offer(request.user, offer_uuid)
    year, quarter = _quarter(request.GET.get("kvartal"))
    stays = list(dst.quarter_stays(offer, year, quarter))
    gaps = dst.check_quarter(offer, year, quarter, stays)
    page = Paginator(gaps, GAPS_PER_PAGE).get_page(request.GET.get("side"))
    log_event(
        action=Action.READ,
        summary=f"Kontrol før indberetning til Danmarks Statistik: {offer.name}, "
        f"{quarter}. kvartal {year}",
        obj=offer,
        purpose="Indberetning til Danmarks Statistik",
        detail={"stays": len(stays), "gaps": len(gaps)},
    )
    return render(
        request,
        "reports/dst_check.html",
        {
            "offer": offer,
            "year": year,
            "quarter": quarter,
            "quarter_value": f"{year}-{quarter}",
            "quarters": _quarter_choices((year, quarter)),
            "stay_count": len(stays),
            "gap_count": len(gaps),
            "page": page,
            "next": request.get_full_path(),
        },
    )


@login_required
@require_POST
def order(request, offer_uuid):
    offer = _offer(request.user, offer_uuid)
    year, quarter = _quarter(request.POST.get("kvartal"))
    kind = request.POST.get("kind", "")
    if kind not in ("dst-stays-txt", "dst-stays-xlsx"):
        raise Http404
    fmt = "tekst" if kind.endswith("txt") else "Excel"
    try:
        job = do_request_report(
            user=request.user,
            kind=kind,
            params={"tilbud": str(offer.uuid), "kvartal": f"{year}-{quarter}"},
            title=f"§110-ophold til DST: {offer.name}, {quarter}. kvartal {year} ({fmt})",
        )
    except ValidationError as exc:
        raise Http404 from exc
    return redirect("reports:job", job_uuid=job.uuid)


# ---------------------------------------------------------------- the authority's statistics
AUTHORITY_KINDS = {dst_adult.TREATMENT: "dst-treatment", dst_adult.DECISIONS: "dst-decisions"}


def _authority(user, unit_uuid, kind: str) -> Unit:
    unit = get_object_or_404(Unit.objects.select_related("municipality"), uuid=unit_uuid)
    if kind not in AUTHORITY_KINDS or not policy.may_export_dst_authority(user, unit):
        raise Http404
    return unit


def _gap_row(gap, next_url: str) -> dict:
    """What the worklist shows of a gap: who, which date, and where it is fixed."""
    from django.urls import reverse
    from django.utils.http import urlencode

    back = "?" + urlencode({"next": next_url})
    if gap.stay is not None:
        citizen, day = gap.stay.citizen, gap.stay.started_on
        fix = reverse("stays:dst_fields", args=[gap.stay.uuid]) + back
        fix_text = "Ret forløbet"
    elif gap.referral is not None:
        citizen, day = gap.referral.citizen, gap.referral.decided_on
        fix = reverse("offers:referral", args=[gap.referral.uuid]) + "#paragraph-form"
        fix_text = "Ret afgørelsen"
    else:
        citizen, day = None, None
        fix = reverse("offers:edit", args=[gap.offer.uuid])
        fix_text = "Ret tilbuddet"
    return {
        "gap": gap,
        "who": citizen.full_name if citizen else f"Tilbuddet {gap.offer.name}",
        "day": day,
        "fix": fix,
        "fix_text": fix_text,
    }


@login_required
def authority_check(request, unit_uuid, kind):
    unit = _authority(request.user, unit_uuid, kind)
    year, quarter = _quarter(request.GET.get("kvartal"))
    records = dst_adult.load(kind, unit.municipality_id, year, quarter)
    gaps = dst_adult.check(kind, year, quarter, records)
    page = Paginator(gaps, GAPS_PER_PAGE).get_page(request.GET.get("side"))
    log_event(
        action=Action.READ,
        summary=f"Kontrol før indberetning til Danmarks Statistik: {dst_adult.KINDS[kind]}, "
        f"{unit.name}, {quarter}. kvartal {year}",
        obj=unit,
        purpose="Indberetning til Danmarks Statistik",
        detail={"records": len(records), "gaps": len(gaps)},
    )
    next_url = request.get_full_path()
    return render(
        request,
        "reports/dst_authority_check.html",
        {
            "unit": unit,
            "kind": kind,
            "kind_title": dst_adult.KINDS[kind],
            "fields": [label for _, label in dst_adult.fields(kind)],
            "year": year,
            "quarter": quarter,
            "quarter_value": f"{year}-{quarter}",
            "quarters": _quarter_choices((year, quarter)),
            "record_count": len(records),
            "gap_count": len(gaps),
            "page": page,
            "rows": [_gap_row(g, next_url) for g in page.object_list],
        },
    )


@login_required
@require_POST
def authority_order(request, unit_uuid, kind):
    unit = _authority(request.user, unit_uuid, kind)
    year, quarter = _quarter(request.POST.get("kvartal"))
    fmt = request.POST.get("format", "")
    if fmt not in ("txt", "xlsx"):
        raise Http404
    try:
        job = do_request_report(
            user=request.user,
            kind=f"{AUTHORITY_KINDS[kind]}-{fmt}",
            params={"myndighed": str(unit.uuid), "kvartal": f"{year}-{quarter}"},
            title=f"{dst_adult.KINDS[kind]} til DST: {unit.name}, {quarter}. kvartal {year} "
            f"({'tekst' if fmt == 'txt' else 'Excel'})",
        )
    except ValidationError as exc:
        raise Http404 from exc
    return redirect("reports:job", job_uuid=job.uuid)
