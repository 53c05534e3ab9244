"""KL's shared terms "Fælles Faglige Begreber" (FFB) as plain data, read from a FHIR CodeSystem.

The product ships the part it needs (`data/ffb.json`, made by `trim_codesystem` from KL's
CodeSystem-FFB.json, version 20240530) and loads it on `migrate`; `hjemvej load_ffb <file>`
loads a newer CodeSystem. A term keeps KL's code (a UUID) for ever, so exports speak KL's terms.
Nothing here touches the database: `sync_terms` takes the model class to write to, so the data
migration can pass its historical model.
"""

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SHIPPED_FILE = Path(__file__).resolve().parent / "data" / "ffb.json"


class Vocabulary:
    THEME = "theme"
    FUNCTIONAL_LEVEL = "functional_level"
    SUPPORT_NEED = "support_need"
    GOAL_TYPE = "goal_type"
    FOLLOW_UP_STATUS = "follow_up_status"

    CHOICES = [
        (THEME, "Tilstand (tema)"),
        (FUNCTIONAL_LEVEL, "Funktionsevneniveau"),
        (SUPPORT_NEED, "Støttebehovsniveau"),
        (GOAL_TYPE, "Måltype"),
        (FOLLOW_UP_STATUS, "Status på indsats"),
    ]


# The top-level concepts of the CodeSystem the product uses, by KL's code.
ROOTS = {
    "b3ddc7d7-f6c1-4d47-8280-456992cbe0a6": Vocabulary.THEME,  # FFB tilstande
    "e89d317c-4657-4970-b614-ada2ed220595": Vocabulary.FUNCTIONAL_LEVEL,
    "7ac451dc-773b-4877-baaf-1e6b1d5c8e28": Vocabulary.SUPPORT_NEED,
    "b5257b2d-0fbf-4d00-bf38-d298c8568116": Vocabulary.GOAL_TYPE,  # Måltype
    "90479ffa-bf46-4b3a-a172-91f2798e2a43": Vocabulary.FOLLOW_UP_STATUS,  # Status på indsats
}
# Only themes under "Aktivitet og deltagelse" carry a functional level (VUM 2.0).
ACTIVITY_AND_PARTICIPATION = "93433530-b85c-4d04-a4fb-5ae26cf16f1c"

# The 0–4 scale from the first word of a level's name; "Ikke vurderet" has no rank.
_RANK_WORDS = {
    "ingen": 0,
    "intet": 0,
    "let": 1,
    "moderat": 2,
    "svært": 3,
    "højt": 3,
    "fuldstændig": 4,
    "fuldstændigt": 4,
}


class CodeSystemError(ValueError):
    pass


@dataclass(frozen=True)
class ParsedTerm:
    code: uuid.UUID
    vocabulary: str
    display: str
    definition: str
    parent_code: uuid.UUID | None
    depth: int
    rank: int | None
    carries_level: bool
    sort_key: str


def rank_of(vocabulary: str, display: str) -> int | None:
    if vocabulary not in (Vocabulary.FUNCTIONAL_LEVEL, Vocabulary.SUPPORT_NEED):
        return None
    first = display.split(" ", 1)[0].lower()
    return _RANK_WORDS.get(first)


def read_codesystem(path: Path | str) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CodeSystemError(f"Filen kan ikke læses som JSON: {exc}") from None
    if data.get("resourceType") != "CodeSystem" or not isinstance(data.get("concept"), list):
        raise CodeSystemError("Filen er ikke et FHIR CodeSystem med begreber (concept).")
    return data


def parse_codesystem(data: dict) -> list[ParsedTerm]:
    """The terms of the vocabularies in ROOTS, parents before children."""
    found = {c.get("code"): c for c in data.get("concept", [])}
    missing = [code for code in ROOTS if code not in found]
    if missing:
        raise CodeSystemError(f"CodeSystem mangler FFB-begreberne {', '.join(missing)}.")
    terms: list[ParsedTerm] = []

    def walk(concept: dict, vocabulary: str, parent, depth: int, in_activity: bool, key: str):
        code = uuid.UUID(concept["code"])
        in_activity = in_activity or concept["code"] == ACTIVITY_AND_PARTICIPATION
        display = concept.get("display", "").strip()
        sort_key = f"{key}/{display.lower()}" if key else display.lower()
        terms.append(
            ParsedTerm(
                code=code,
                vocabulary=vocabulary,
                display=display,
                definition=concept.get("definition", "").strip(),
                parent_code=parent,
                depth=depth,
                rank=rank_of(vocabulary, display),
                carries_level=vocabulary == Vocabulary.THEME and in_activity,
                sort_key=sort_key,
            )
        )
        for child in concept.get("concept", []):
            walk(child, vocabulary, code, depth + 1, in_activity, sort_key)

    for code, vocabulary in ROOTS.items():
        walk(found[code], vocabulary, None, 0, False, "")
    return terms


def trim_codesystem(data: dict) -> dict:
    """The CodeSystem with only the top-level concepts the product uses (what ships)."""
    keep = [c for c in data["concept"] if c.get("code") in ROOTS]
    head = {k: v for k, v in data.items() if k != "concept"}
    return {**head, "concept": keep}


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0
    retired: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.retired)


SYNCED_FIELDS = (
    "vocabulary",
    "display",
    "definition",
    "depth",
    "rank",
    "carries_level",
    "sort_key",
    "retired",
    "version",
)


def sync_terms(term_model, data: dict) -> SyncResult:
    """Make the term table match the CodeSystem. Codes that disappeared are retired, never
    deleted (assessments and goals refer to them). Loading the same file again changes nothing."""
    parsed = parse_codesystem(data)
    version = str(data.get("version", ""))
    existing = {t.code: t for t in term_model.objects.all()}
    result = SyncResult()
    by_code: dict[uuid.UUID, Any] = {}
    for p in parsed:
        wanted = {
            "vocabulary": p.vocabulary,
            "display": p.display,
            "definition": p.definition,
            "depth": p.depth,
            "rank": p.rank,
            "carries_level": p.carries_level,
            "sort_key": p.sort_key,
            "retired": False,
        }
        parent = by_code.get(p.parent_code) if p.parent_code else None
        term = existing.get(p.code)
        if term is None:
            term = term_model.objects.create(code=p.code, parent=parent, version=version, **wanted)
            result.created += 1
        else:
            changed = [f for f, v in wanted.items() if getattr(term, f) != v]
            if term.parent_id != (parent.pk if parent else None):
                term.parent = parent
                changed.append("parent")
            if changed:
                for f in changed:
                    if f != "parent":
                        setattr(term, f, wanted[f])
                term.version = version
                term.save(update_fields=[*changed, "version"])
                result.updated += 1
            else:
                result.unchanged += 1
        by_code[p.code] = term
    for code, term in existing.items():
        if code not in by_code and not term.retired:
            term.retired = True
            term.version = version
            term.save(update_fields=["retired", "version"])
            result.retired += 1
    return result
