"""Report builders. Each app that offers a report registers a builder for its kind:

    @report_builder("outcome", title="Årlig resultatopgørelse")
    def build(job, progress) -> ReportFile: ...

`progress(percent, step)` records how far the builder is; the page shows it as a progress bar."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class ReportFile:
    content: bytes
    filename: str
    content_type: str


@dataclass
class Builder:
    kind: str
    title: str
    build: Callable[..., ReportFile]
    may_request: Callable[..., bool]


BUILDERS: dict[str, Builder] = {}


def report_builder(kind: str, *, title: str, may_request: Callable[..., bool]):
    def register(fn):
        BUILDERS[kind] = Builder(kind=kind, title=title, build=fn, may_request=may_request)
        return fn

    return register
