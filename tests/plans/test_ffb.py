"""The FFB vocabulary: what ships equals KL's CodeSystem, codes are kept, loading is idempotent."""

import copy
import json
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command

from hjemvej.plans import ffb
from hjemvej.plans.models import Term

KL_FILE = Path(__file__).resolve().parents[2].parent / "shared/data/kl-term/CodeSystem-FFB.json"


@pytest.fixture
def kl_codesystem() -> dict:
    if not KL_FILE.exists():
        pytest.skip(f"KL's CodeSystem ligger ikke i {KL_FILE}")
    return json.loads(KL_FILE.read_text(encoding="utf-8"))


def _subtree(concept: dict) -> list[dict]:
    out = [concept]
    for child in concept.get("concept", []):
        out += _subtree(child)
    return out


def _file_codes(data: dict, root_display: str) -> set[uuid.UUID]:
    root = next(c for c in data["concept"] if c["display"] == root_display)
    return {uuid.UUID(c["code"]) for c in _subtree(root)}


def _db_codes(vocabulary: str) -> set[uuid.UUID]:
    return set(Term.objects.filter(vocabulary=vocabulary).values_list("code", flat=True))


@pytest.mark.django_db
def test_migrate_loads_exactly_the_themes_and_levels_of_kls_codesystem(kl_codesystem):
    themes = _file_codes(kl_codesystem, "FFB tilstande")
    assert len(themes) == 82  # the root, 3 areas, 14 groups and 64 themes
    assert _db_codes(ffb.Vocabulary.THEME) == themes
    assert _db_codes(ffb.Vocabulary.FUNCTIONAL_LEVEL) == _file_codes(
        kl_codesystem, "Funktionsevneniveau"
    )
    assert _db_codes(ffb.Vocabulary.SUPPORT_NEED) == _file_codes(
        kl_codesystem, "Støttebehovsniveau"
    )
    assert _db_codes(ffb.Vocabulary.GOAL_TYPE) == _file_codes(kl_codesystem, "Måltype")
    assert _db_codes(ffb.Vocabulary.FOLLOW_UP_STATUS) == _file_codes(
        kl_codesystem, "Status på indsats"
    )
    assert Term.objects.count() == 104
    assert set(Term.objects.values_list("version", flat=True)) == {"20240530"}


@pytest.mark.django_db
def test_shipped_file_is_kls_file_trimmed_to_what_the_product_uses(kl_codesystem):
    shipped = json.loads(ffb.SHIPPED_FILE.read_text(encoding="utf-8"))
    assert shipped == ffb.trim_codesystem(kl_codesystem)


@pytest.mark.django_db
def test_only_activity_and_participation_themes_carry_a_level():
    carrying = Term.objects.filter(carries_level=True)
    assert carrying.count() == 38  # the area, 6 groups, 31 themes
    assert carrying.filter(display="Lave mad").exists()
    assert not carrying.filter(display="Søvn").exists()
    assert not carrying.filter(display="Boligområde").exists()


@pytest.mark.django_db
def test_levels_get_their_place_on_the_0_to_4_scale():
    ranks = dict(
        Term.objects.filter(vocabulary="functional_level", depth=1).values_list("display", "rank")
    )
    assert ranks == {
        "Ingen nedsat funktionsevne": 0,
        "Let nedsat funktionsevne": 1,
        "Moderat nedsat funktionsevne": 2,
        "Svært nedsat funktionsevne": 3,
        "Fuldstændig nedsat funktionsevne": 4,
        "Ikke vurderet": None,
    }
    support = dict(
        Term.objects.filter(vocabulary="support_need", depth=1).values_list("display", "rank")
    )
    assert support["Højt støttebehov"] == 3 and support["Ikke vurderet"] is None


@pytest.mark.django_db
def test_loading_kls_file_twice_changes_nothing(kl_codesystem, capsys):
    before = list(Term.objects.order_by("code").values())
    call_command("load_ffb", str(KL_FILE))
    call_command("load_ffb", str(KL_FILE))
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "FFB version 20240530: 0 nye, 0 ændrede, 0 udgåede, 104 uændrede."
    assert list(Term.objects.order_by("code").values()) == before


@pytest.mark.django_db
def test_newer_codesystem_renames_adds_and_retires_but_keeps_codes(kl_codesystem, tmp_path):
    newer = copy.deepcopy(ffb.trim_codesystem(kl_codesystem))
    newer["version"] = "20250101"
    goal_types = next(c for c in newer["concept"] if c["display"] == "Måltype")
    kept = goal_types["concept"][0]
    kept["display"] = "Fastholde funktionsevnen"
    dropped = goal_types["concept"].pop()
    goal_types["concept"].append(
        {"code": "11111111-2222-4333-8444-555555555555", "display": "Nyt mål", "definition": ""}
    )
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(newer), encoding="utf-8")
    old_pk = Term.objects.get(code=kept["code"]).pk

    call_command("load_ffb", str(path))

    renamed = Term.objects.get(code=kept["code"])
    assert renamed.pk == old_pk and renamed.display == "Fastholde funktionsevnen"
    assert renamed.version == "20250101"
    assert Term.objects.get(code=dropped["code"]).retired
    assert Term.objects.get(code="11111111-2222-4333-8444-555555555555").display == "Nyt mål"


@pytest.mark.django_db
def test_a_file_that_is_not_a_codesystem_is_refused(tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "x.json"
    path.write_text('{"resourceType": "ValueSet"}', encoding="utf-8")
    with pytest.raises(CommandError, match="ikke et FHIR CodeSystem"):
        call_command("load_ffb", str(path))


@pytest.mark.django_db(transaction=True)
def test_vocabulary_comes_back_after_the_database_is_flushed():
    call_command("flush", interactive=False, verbosity=0)
    assert Term.objects.count() == 104
