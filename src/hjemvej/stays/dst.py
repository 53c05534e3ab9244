"""Danmarks Statistik's §110 statistics ("Herberger og forsorgshjem mv.", DOMAIN.md §9): the code
lists with their effective dates, the check of a shelter's quarter before export, and the
export file's rows and formats. The lists themselves are data (dst_codes.json beside this file,
loaded by `hjemvej load_dst_codes`); nothing here hard-codes a DST code. The code lists, the
quarter and the file writers are shared with the §101 treatment and adult decision statistics
(stays/dst_adult.py).

The text file: UTF-8, one header line, then one line per stay, fields separated by ";", dates as
YYYYMMDD, the CPR number as 10 digits, an empty field where nothing is recorded (DST fills it
with "unknown"). The fields are `FIELDS` in that order."""

from __future__ import annotations

import csv
import datetime
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import Q

DEFAULT_FILE = Path(__file__).with_name("dst_codes.json")

LISTS = (
    "stay_type",
    "stayed_before",
    "ended_how",
    "moved_to",
    "treatment_form",
    "treatment_ended_how",
    "paragraph",
    "offer_ended_how",
)

# Which list a stay's `ended_how` is a code of, by the offer's legal basis: the §110 stay, the
# §101 treatment, and the offers of the adult decisions (§§82a–107).
ENDED_HOW_LISTS = {
    "sel110": "ended_how",
    "sel101": "treatment_ended_how",
    "sel82": "offer_ended_how",
    "sel85": "offer_ended_how",
    "sel85a": "offer_ended_how",
    "sel107": "offer_ended_how",
}


# The codes recorded when a stay starts, by the offer's legal basis (the lists of the same name).
START_FIELDS = {"sel110": ("stay_type", "stayed_before"), "sel101": ("treatment_form",)}


def start_fields(legal_basis: str) -> tuple[str, ...]:
    return START_FIELDS.get(legal_basis, ())


def ended_how_list(legal_basis: str) -> str | None:
    """The code list of how a stay at an offer of `legal_basis` ended (None: not reported)."""
    return ENDED_HOW_LISTS.get(legal_basis)


FIELDS = [
    ("cpr", "CPR-nummer"),
    ("tilbudsportalen_id", "Tilbudsportalen-id"),
    ("started_on", "Indflytningsdato"),
    ("ended_on", "Fraflytningsdato"),
    ("stay_type", "Opholdstype"),
    ("stayed_before", "Opholdssted før"),
    ("ended_how", "Ophørsårsag"),
    ("moved_to", "Fraflyttet til"),
]


# ---------------------------------------------------------------- the quarter
def parse_quarter(text: str) -> tuple[int, int]:
    """ "2026-3" or "2026-Q3" -> (2026, 3). ValueError on anything else."""
    year, _, quarter = (text or "").strip().upper().replace("K", "Q").partition("-")
    q = int(quarter.lstrip("Q"))
    if not 1 <= q <= 4:
        raise ValueError(text)
    return int(year), q


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    first = datetime.date(year, 3 * quarter - 2, 1)
    if quarter == 4:
        last = datetime.date(year, 12, 31)
    else:
        last = datetime.date(year, 3 * quarter + 1, 1) - datetime.timedelta(days=1)
    return first, last


# ---------------------------------------------------------------- the code lists
def _model(model=None):
    if model is None:
        from hjemvej.stays.models import DstCode

        return DstCode
    return model


def read_file(path: str | Path | None = None) -> list[dict[str, Any]]:
    """The entries of a code list file: JSON ({"codes": [...]}) or CSV with the columns
    list;code;text;valid_from;valid_to;destinations (destinations comma-separated)."""
    path = Path(path or DEFAULT_FILE)
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".csv":
        rows = []
        for row in csv.DictReader(io.StringIO(text), delimiter=";"):
            rows.append(
                {
                    **row,
                    "valid_to": row.get("valid_to") or None,
                    "destinations": [d for d in (row.get("destinations") or "").split(",") if d],
                }
            )
    else:
        rows = json.loads(text)["codes"]
    for row in rows:
        if row["list"] not in LISTS:
            raise ValueError(f"Ukendt kodeliste: {row['list']}")
        if not str(row.get("code", "")).strip() or not str(row.get("text", "")).strip():
            raise ValueError(f"Kode og tekst skal udfyldes: {row}")
    return rows


def load_codes(path: str | Path | None = None, *, model=None) -> dict[str, int]:
    """Create or update the code list entries from `path` (default: the shipped file).
    Idempotent: an entry is identified by list, code and valid_from; running it twice changes
    nothing the second time. Entries not in the file are left alone (an old list keeps its
    valid_to, so stays recorded under it still read)."""
    model = _model(model)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for row in read_file(path):
        valid_from = datetime.date.fromisoformat(str(row["valid_from"]))
        valid_to = (
            datetime.date.fromisoformat(str(row["valid_to"])) if row.get("valid_to") else None
        )
        values = {
            "text": row["text"].strip(),
            "valid_to": valid_to,
            "destinations": list(row.get("destinations") or []),
        }
        entry = model.objects.filter(
            code_list=row["list"], code=str(row["code"]).strip(), valid_from=valid_from
        ).first()
        if entry is None:
            model.objects.create(
                code_list=row["list"],
                code=str(row["code"]).strip(),
                valid_from=valid_from,
                **values,
            )
            counts["created"] += 1
        elif any(getattr(entry, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(entry, k, v)
            entry.save()
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    return counts


def codes_on(list_name: str, day: datetime.date, *, model=None):
    """The entries of one list valid on `day`."""
    return (
        _model(model)
        .objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
            code_list=list_name,
            valid_from__lte=day,
        )
        .order_by("code")
    )


def choices_on(list_name: str, day: datetime.date) -> list[tuple[str, str]]:
    return [(c.code, f"{c.code} {c.text}") for c in codes_on(list_name, day)]


def is_valid(list_name: str, code: str, day: datetime.date) -> bool:
    return codes_on(list_name, day).filter(code=code).exists()


class CodeBook:
    """Every code list entry, read once: the quarter's check and file ask it per stay without a
    query each (a page's query count must not grow with its stays)."""

    def __init__(self, model=None):
        self.entries = list(_model(model).objects.all())

    def _on(self, list_name: str, day: datetime.date):
        return [
            e
            for e in self.entries
            if e.code_list == list_name
            and e.valid_from <= day
            and (e.valid_to is None or e.valid_to >= day)
        ]

    def is_valid(self, list_name: str, code: str, day: datetime.date) -> bool:
        return any(e.code == code for e in self._on(list_name, day))

    def code_for(self, list_name: str, value: str, day: datetime.date) -> str:
        """The code of `list_name` valid on `day` that a Hjemvej value maps to (the entry's
        `destinations`), "" if none does: a discharge destination's "moved to" code, a
        decision's paragraph code."""
        if not value:
            return ""
        for entry in sorted(self._on(list_name, day), key=lambda e: e.code):
            if value in (entry.destinations or []):
                return entry.code
        return ""

    def moved_to_code(self, destination: str, day: datetime.date) -> str:
        return self.code_for("moved_to", destination, day)


def moved_to_code(destination: str, day: datetime.date) -> str:
    """The DST "moved to" code of a Hjemvej discharge destination on `day` ("" if none maps)."""
    return CodeBook().moved_to_code(destination, day)


CODE_ERRORS = {
    "stay_type": "Vælg en opholdstype fra Danmarks Statistiks liste.",
    "stayed_before": "Vælg hvor borgeren opholdt sig før, fra listen.",
    "treatment_form": "Vælg en behandlingsform fra Danmarks Statistiks liste.",
    "ended_how": "Vælg hvordan opholdet sluttede, fra listen.",
}


def check_codes(*, on: datetime.date, **codes: str) -> dict[str, str]:
    """Danish field errors for codes that are not on the lists valid on `on`; each keyword is a
    list name (stay_type, stayed_before, treatment_form) and the code typed."""
    return {
        name: CODE_ERRORS[name]
        for name, code in codes.items()
        if code and not is_valid(name, code, on)
    }


def check_ended_how(legal_basis: str, code: str, on: datetime.date) -> dict[str, str]:
    """The field error for how a stay ended, against the list of its offer's legal basis."""
    list_name = ended_how_list(legal_basis)
    if code and (list_name is None or not is_valid(list_name, code, on)):
        return {"ended_how": CODE_ERRORS["ended_how"]}
    return {}


# ---------------------------------------------------------------- the quarter's stays
GAP_FIELDS = {
    "tilbudsportalen_id": "Tilbudsportalen-id",
    "stay_type": "Opholdstype",
    "stayed_before": "Opholdssted før",
    "ended_how": "Ophørsårsag",
    "destination": "Fraflyttet til",
    "overlap": "Overlappende ophold",
    # §101 treatment and adult decisions (stays/dst_adult.py)
    "treatment_form": "Behandlingsform",
    "contact": "Henvendelsesdato",
    "guarantee": "Behandlingsgaranti",
    "treatment_ended_how": "Afslutningsårsag",
    "treatment_overlap": "Overlappende behandlinger",
    "paragraph": "Paragraf",
    "offer_ended_how": "Ophørsårsag",
}


@dataclass(frozen=True)
class Gap:
    """Something DST would reject or fill with "unknown" (or, for the treatment guarantee, a
    fact to look at): on a stay, on a referral (a decision), or on the offer itself (both
    None; `offer` says which when the export covers several)."""

    stay: Any
    field: str
    text: str
    referral: Any = None
    offer: Any = None

    @property
    def label(self) -> str:
        return GAP_FIELDS[self.field]


def quarter_stays(offer, year: int, quarter: int):
    """The offer's stays that overlap the quarter, with their citizen: one query."""
    from hjemvej.stays.models import Stay

    first, last = quarter_bounds(year, quarter)
    return (
        Stay.objects.filter(offer=offer, started_on__lte=last)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
        .select_related("citizen")
        .order_by("started_on", "pk")
    )


def check_quarter(offer, year: int, quarter: int, stays=None) -> list[Gap]:
    """What DST would reject or fill with "unknown" in the offer's export for the quarter."""
    first, last = quarter_bounds(year, quarter)
    stays = list(stays if stays is not None else quarter_stays(offer, year, quarter))
    book = CodeBook()
    is_valid, moved_to_code = book.is_valid, book.moved_to_code
    gaps: list[Gap] = []
    if not offer.tilbudsportalen_id:
        gaps.append(Gap(None, "tilbudsportalen_id", "Tilbuddet har intet Tilbudsportalen-id."))
    by_citizen: dict[int, list] = {}
    for stay in stays:
        by_citizen.setdefault(stay.citizen_id, []).append(stay)
        if not stay.stay_type:
            gaps.append(Gap(stay, "stay_type", "Opholdstype mangler."))
        elif not is_valid("stay_type", stay.stay_type, stay.started_on):
            gaps.append(Gap(stay, "stay_type", "Opholdstypen er ikke på DST's liste."))
        if not stay.stayed_before:
            gaps.append(Gap(stay, "stayed_before", "Opholdssted før indskrivning mangler."))
        elif not is_valid("stayed_before", stay.stayed_before, stay.started_on):
            gaps.append(Gap(stay, "stayed_before", "Opholdsstedet før er ikke på DST's liste."))
        if stay.ended_on and stay.ended_on <= last:
            if not stay.ended_how:
                gaps.append(Gap(stay, "ended_how", "Ophørsårsag mangler."))
            if not stay.destination or stay.destination == "unknown":
                gaps.append(Gap(stay, "destination", "Hvor borgeren flyttede hen, mangler."))
            elif not moved_to_code(stay.destination, stay.ended_on):
                gaps.append(Gap(stay, "destination", "Fraflyttet til har ingen DST-kode."))
    for citizen_stays in by_citizen.values():
        for a, b in zip(citizen_stays, citizen_stays[1:], strict=False):
            if a.ended_on is None or a.ended_on > b.started_on:
                gaps.append(Gap(b, "overlap", f"Overlapper opholdet fra {a.started_on:%d.%m.%Y}."))
    return gaps


def export_rows(offer, year: int, quarter: int, stays=None) -> list[list[str]]:
    """One row per stay overlapping the quarter, the fields of `FIELDS` as text. A stay that
    ends after the quarter is reported without its departure."""
    _, last = quarter_bounds(year, quarter)
    stays = stays if stays is not None else quarter_stays(offer, year, quarter)
    moved_to_code = CodeBook().moved_to_code
    rows = []
    for stay in stays:
        ended = stay.ended_on if stay.ended_on and stay.ended_on <= last else None
        rows.append(
            [
                stay.citizen.cpr,
                offer.tilbudsportalen_id,
                f"{stay.started_on:%Y%m%d}",
                f"{ended:%Y%m%d}" if ended else "",
                stay.stay_type,
                stay.stayed_before,
                stay.ended_how if ended else "",
                moved_to_code(stay.destination, ended) if ended else "",
            ]
        )
    return rows


def text_file(rows: list[list[str]], fields: list[tuple[str, str]] = FIELDS) -> bytes:
    """The semicolon file: header line, then the rows; a ";" in a value is not possible (codes,
    digits and dates only), and is removed if it comes."""
    lines = [";".join(name for name, _ in fields)]
    lines += [";".join(str(v).replace(";", "") for v in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def workbook(
    rows: list[list[str]],
    title: str,
    *,
    fields: list[tuple[str, str]] = FIELDS,
    sheet: str = "Ophold",
    source: str = "Hjemvej: ophold på §110-tilbud, der overlapper kvartalet",
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from hjemvej.common.spreadsheet import safe_row

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append([label for _, label in fields])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(safe_row(row))
    info = wb.create_sheet("Om udtrækket")
    info.append(safe_row(["Udtræk", title]))
    info.append(["Kilde", source])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
