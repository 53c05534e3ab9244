"""Archival packages: before a case the municipality must archive is deleted, its records are
written to HJEMVEJ_ARCHIVE_DIR as a package (the case as PDF, the data as JSON and the package's
metadata as JSON); the archive reads the package and writes a receipt file back into it
(docs/operations.md, "Arkivering"). The deletion waits for the receipt."""

import json
from pathlib import Path

from django.conf import settings
from django.utils import timezone

RECEIPT = "kvittering.json"


def package_dir(disposal) -> Path:
    return Path(settings.ARCHIVE_DIR) / f"hjemvej-{disposal.uuid}"


def write_package(disposal, *, export, pdf: bytes, metadata: dict) -> Path:
    """Write the package (atomically per file: a temporary name, then renamed)."""
    target = package_dir(disposal)
    target.mkdir(parents=True, exist_ok=True)
    files = {
        "sag.pdf": pdf,
        "sag.json": export.json_bytes(),
        "metadata.json": json.dumps(metadata, ensure_ascii=False, indent=2).encode("utf-8"),
    }
    for name, content in files.items():
        tmp = target / f".{name}.tmp"
        tmp.write_bytes(content)
        tmp.replace(target / name)
    return target


def receipt(disposal) -> dict | None:
    """The archive's receipt, when it has written one (any JSON object; empty file counts)."""
    if not disposal.archive_package:
        return None
    path = Path(disposal.archive_package) / RECEIPT
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8").strip()
        value = json.loads(text) if text else {}
    except (OSError, ValueError):
        return None
    if not isinstance(value, dict):
        return None
    value.setdefault("read_at", timezone.now().isoformat())
    return value
