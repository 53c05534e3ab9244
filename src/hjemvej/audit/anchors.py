"""The anchor store: the audit chain's heads, signed with the audit key and appended as JSON lines
to files outside the database (HJEMVEJ_AUDIT_ANCHOR_DIR), and optionally to syslog.

Whoever can change the database cannot change what has already been written here: `hjemvej audit
verify` checks the chain against every line, so rows deleted or rewritten after an anchor are
found. The files are only ever appended to (the operator can make them append-only with
`chattr +a`); one file per month keeps them small enough to copy off the machine."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from hjemvej.audit.models import canonical_json, epoch_millis, keyed_digest

syslog = logging.getLogger("hjemvej.audit.anchor")


@dataclass(frozen=True)
class Head:
    lane: int
    seq: int
    hash: str


@dataclass(frozen=True)
class AnchorLine:
    file: str
    line: int
    kind: str  # "anchor" (a chain head) or "prune" (rows pruned through this head)
    at_ms: int
    at: str
    heads: tuple[Head, ...]
    valid: bool


def anchor_dir() -> Path:
    return Path(settings.AUDIT_ANCHOR_DIR)


def sign(record: dict) -> str:
    return keyed_digest(canonical_json({k: v for k, v in record.items() if k != "sig"}))


def append(*, kind: str, heads: list[Head], extra: dict | None = None) -> dict:
    """Append one signed line; the file is opened for appending only and synced to disk."""
    now = timezone.now()
    record = {
        "kind": kind,
        "at": now.isoformat(),
        "at_ms": epoch_millis(now),
        "heads": [{"lane": h.lane, "seq": h.seq, "hash": h.hash} for h in heads],
        **(extra or {}),
    }
    record["sig"] = sign(record)
    line = canonical_json(record) + "\n"
    directory = anchor_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"anchors-{now:%Y-%m}.jsonl"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, line.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    if settings.AUDIT_ANCHOR_SYSLOG:
        syslog.info("hjemvej-audit-anchor %s", line.strip())
    return record


def _files() -> list[Path]:
    directory = anchor_dir()
    return sorted(directory.glob("anchors-*.jsonl")) if directory.is_dir() else []


def _parse(path: Path, number: int, text: str) -> AnchorLine:
    try:
        record = json.loads(text)
        heads = tuple(Head(int(h["lane"]), int(h["seq"]), str(h["hash"])) for h in record["heads"])
        valid = record.get("sig") == sign(record)
        return AnchorLine(
            path.name,
            number,
            str(record["kind"]),
            int(record["at_ms"]),
            str(record["at"]),
            heads,
            valid,
        )
    except (ValueError, KeyError, TypeError):
        return AnchorLine(path.name, number, "?", 0, "", (), False)


def read_all() -> list[AnchorLine]:
    lines = []
    for path in _files():
        with path.open(encoding="utf-8") as handle:
            for number, text in enumerate(handle, start=1):
                if text.strip():
                    lines.append(_parse(path, number, text))
    return lines


def last() -> AnchorLine | None:
    """The newest line (read from the end of the newest file)."""
    files = _files()
    if not files:
        return None
    path = files[-1]
    with path.open("rb") as handle:
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        handle.seek(max(0, size - 65536))
        tail = handle.read().decode("utf-8", errors="replace").splitlines()
    lines = [t for t in tail if t.strip()]
    return _parse(path, 0, lines[-1]) if lines else None
