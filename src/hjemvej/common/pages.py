"""The API's lists, 50 rows a page (issue 13): `{count, page, pages, results}`, as the offers,
the citizens and the support week answer. Django's Paginator decides the page: a page past the
end (or below 1) is the last page, a page that is not a number the first.

It lives in `common`, not in the `api` app, because every app's router uses it and the apps sit
below `api` in the layers (docs/architecture.md, "Lagene")."""

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

from django.core.paginator import Paginator
from django.db.models import QuerySet
from ninja import Schema

PER_PAGE = 50

T = TypeVar("T")


class Page(Schema, Generic[T]):
    """One page of a list: the number of rows in all, this page's number, the number of pages
    and this page's rows (at most 50)."""

    count: int
    page: int
    pages: int
    results: list[T]


def page_of(
    rows: QuerySet | Sequence,
    page: int,
    row: Callable[[Any], dict],
    *,
    load: Callable[[list], Iterable] | None = None,
) -> dict:
    """The requested page of `rows` (an ordered queryset: one query counts, one reads the
    page) with each row made by `row`. `load` gets the page's objects first, e.g. to mark what
    of each the user may see."""
    paginator = Paginator(rows, PER_PAGE)
    p = paginator.get_page(page)
    objects: Iterable = list(p.object_list)
    if load is not None:
        objects = load(list(objects))
    return {
        "count": paginator.count,
        "page": p.number,
        "pages": paginator.num_pages,
        "results": [row(o) for o in objects],
    }
