"""Archival packages: before a case the municipality must archive is deleted, its records are
written to HJEMVEJ_ARCHIVE_DIR as a package (the case as PDF/A-2b, the data as JSON and the
package's metadata as JSON); the archive reads the package and writes a receipt file back into
it (docs/operations.md, "Arkivering"). The deletion waits for the receipt."""

import glob
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

RECEIPT = "kvittering.json"

# The output intent PDF/A asks for: an sRGB ICC profile (Ghostscript ships one) embedded with
# pdfmark, as Ghostscript's documentation for PDF/A output describes.
_PDFA_DEF = """%!
[ /Title (Hjemvej: sag til arkiv) /DOCINFO pdfmark
[ /_objdef {icc_PDFA} /type /stream /OBJ pdfmark
[ {icc_PDFA} << /N 3 >> /PUT pdfmark
[ {icc_PDFA} (ICC_PROFILE) (r) file /PUT pdfmark
[ /_objdef {OutputIntent_PDFA} /type /dict /OBJ pdfmark
[ {OutputIntent_PDFA} <<
  /Type /OutputIntent /S /GTS_PDFA1 /DestOutputProfile {icc_PDFA}
  /OutputConditionIdentifier (sRGB) /Info (sRGB IEC61966-2.1)
>> /PUT pdfmark
[ {Catalog} << /OutputIntents [ {OutputIntent_PDFA} ] >> /PUT pdfmark
"""


def _icc_profile() -> str:
    configured = getattr(settings, "PDFA_ICC_PROFILE", "")
    found = (
        [configured]
        if configured
        else sorted(glob.glob("/usr/share/ghostscript/*/iccprofiles/srgb.icc"))
    )
    if not found or not Path(found[-1]).is_file():
        raise ImproperlyConfigured(
            "Arkivering kræver en sRGB ICC-profil (Ghostscript): installer pakken ghostscript "
            "eller sæt HJEMVEJ_PDFA_ICC_PROFILE."
        )
    return found[-1]


def to_pdfa(pdf: bytes) -> bytes:
    """The PDF as PDF/A-2b (fonts embedded, an sRGB output intent, XMP metadata), converted by
    Ghostscript; archives take PDF/A for documents. Fails loudly when Ghostscript is missing:
    a case must not be archived in a form the archive may refuse."""
    gs = shutil.which("gs")
    if gs is None:
        raise ImproperlyConfigured(
            "Arkivering kræver Ghostscript (gs) til PDF/A: installer pakken ghostscript."
        )
    icc = _icc_profile()
    with tempfile.TemporaryDirectory() as tmp:
        source, target, definition = (Path(tmp) / n for n in ("in.pdf", "out.pdf", "pdfa.ps"))
        source.write_bytes(pdf)
        definition.write_text(_PDFA_DEF.replace("ICC_PROFILE", icc), encoding="ascii")
        subprocess.run(  # noqa: S603 - fixed program, our own temporary files
            [
                gs,
                "-q",
                # Ghostscript 10's new PDF interpreter drops the Unicode mapping of reportlab's
                # subset fonts (æøå become unreadable); the classic interpreter keeps it. The
                # archive test reads the name back with pdftotext, so a change shows.
                "-dNEWPDF=false",
                "-dPDFA=2",
                "-dBATCH",
                "-dNOPAUSE",
                "-dSAFER",
                f"--permit-file-read={icc}",
                "-sColorConversionStrategy=RGB",
                "-sDEVICE=pdfwrite",
                "-dPDFACompatibilityPolicy=1",
                f"-sOutputFile={target}",
                str(definition),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return target.read_bytes()


def package_dir(disposal) -> Path:
    return Path(settings.ARCHIVE_DIR) / f"hjemvej-{disposal.uuid}"


def write_package(disposal, *, export, pdf: bytes, metadata: dict) -> Path:
    """Write the package (atomically per file: a temporary name, then renamed)."""
    target = package_dir(disposal)
    target.mkdir(parents=True, exist_ok=True)
    files = {
        "sag.pdf": to_pdfa(pdf),
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
