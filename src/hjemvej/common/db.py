"""Database expressions for rules stated in common/dates.py, so a list can filter and sort by
them in SQL instead of looping over every row in Python. Each agrees with its Python twin on
SQLite and PostgreSQL (tests/foundation/test_db_dates.py)."""

from __future__ import annotations

from django.db import models


class AddMonths(models.Func):
    """`dates.add_months(day, months)` in SQL: the same day `months` later, clamped to the last
    day of a shorter month. `months` is an int or an integer expression.

    PostgreSQL's date + interval clamps the same way as dateutil's relativedelta. SQLite's
    date(…, '+N months') rolls over instead (31 Jan + 1 month = 3 March), so it takes the
    earlier of that and the last day of the target month."""

    arity = 2
    output_field = models.DateField()

    def __init__(self, day, months, **extra):
        if isinstance(months, int):
            months = models.Value(months, output_field=models.IntegerField())
        super().__init__(day, months, output_field=models.DateField(), **extra)

    def as_sql(self, compiler, connection, **extra):  # type: ignore[override]
        if connection.vendor == "postgresql":
            day, day_params = compiler.compile(self.source_expressions[0])
            months, months_params = compiler.compile(self.source_expressions[1])
            sql = f"(({day}) + make_interval(months => ({months})::integer))::date"
            return sql, (*day_params, *months_params)
        if connection.vendor == "sqlite":
            day, day_params = compiler.compile(self.source_expressions[0])
            months, months_params = compiler.compile(self.source_expressions[1])
            shift = f"(({months}) || ' months')"
            end_shift = f"((({months}) + 1) || ' months')"
            sql = f"MIN(DATE({day}, {shift}), DATE({day}, 'start of month', {end_shift}, '-1 day'))"
            return sql, (*day_params, *months_params, *day_params, *months_params)
        raise NotImplementedError(f"AddMonths on {connection.vendor}")  # pragma: no cover


# The home page's worklist counts count no further than this many rows; a count this high is
# shown as "mindst 50" and links to the full, paginated list (front/home.py).
LIST_CAP = 50


def capped_count(queryset: models.QuerySet, cap: int) -> int:
    """How many rows `queryset` has, counted no further than `cap`: one query,
    `SELECT COUNT(*) FROM (SELECT … LIMIT cap)`, which stops at `cap` rows instead of counting
    (and loading) a whole caseload. A list shows a count this high as "mindst `cap`"."""
    # Only the key in the inner select: a DISTINCT over every column (and the related rows)
    # costs more and says the same.
    return queryset.select_related(None).order_by().values("pk")[:cap].count()


class InIds(models.Func):
    """`column IN ids` for a list of ids already read into Python, as one parameter: on
    PostgreSQL `column = ANY(%s)` with the list bound as a single array (Django's `__in` binds
    each id as a parameter of its own, which psycopg adapts one by one, and the query's text
    grows with the list); elsewhere a plain IN. An empty list matches nothing. Use it to reuse
    a set of rows one query found in the next queries, instead of repeating the query that
    found them as a subquery in each."""

    output_field = models.BooleanField()
    conditional = True

    def __init__(self, column: str, ids, **extra):
        self.ids = list(ids)
        super().__init__(models.F(column), **extra)

    def as_sql(self, compiler, connection, **extra):  # type: ignore[override]
        column, params = compiler.compile(self.source_expressions[0])
        if not self.ids:
            return "1 = 0", ()
        if connection.vendor == "postgresql":
            return f"{column} = ANY(%s)", (*params, self.ids)
        marks = ", ".join(["%s"] * len(self.ids))
        return f"{column} IN ({marks})", (*params, *self.ids)


class RowsByIds:
    """A queryset's rows, a page at a time, found by their ids first: the pager (count and
    slices) asks `queryset` for the ids of one page, which PostgreSQL can read from an index
    alone (a covering index with the filter's columns), and loads only those rows with their
    related rows. In one query PostgreSQL read the table's every candidate row to filter and
    sort them (4,700 pages of tasks for 183 rows at 100,000 citizens). Two queries a page,
    also when the page is empty (`or [0]`), so a page's query count does not depend on data.

    Given the pager's page size and the page asked for (`per_page`, `number`: what
    `Paginator(rows, per_page).get_page(number)` gets), the count comes with that page's ids in
    one query (`COUNT(*) OVER ()`), instead of a count that made PostgreSQL gather the same
    selection once more. A page after the last is counted on its own, and the pager then asks
    for the last page.

    The rows are loaded by their ids alone, with the queryset's related rows: the ids came
    through the queryset's filter, and repeating it made PostgreSQL gather the whole selection
    (the visible citizens and all) a second time to load 50 rows."""

    def __init__(
        self, queryset: models.QuerySet, *, per_page: int | None = None, number=None
    ) -> None:
        self.queryset = queryset
        self._count: int | None = None
        self._window: slice | None = None
        self._window_ids: list | None = None
        if per_page:
            try:
                first = max(int(number), 1)  # as the pager: anything else is the first page
            except (TypeError, ValueError):
                first = 1
            self._window = slice((first - 1) * per_page, first * per_page)

    def _ids(self) -> models.QuerySet:
        return self.queryset.select_related(None)

    def count(self) -> int:
        if self._count is None and self._window is not None:
            counted = list(
                self._ids()
                .annotate(_rows_total=models.Window(models.Count("pk")))
                .values_list("pk", "_rows_total")[self._window]
            )
            if counted:
                self._count = counted[0][1]
                self._window_ids = [pk for pk, _ in counted]
            elif self._window.start == 0:
                self._count, self._window_ids = 0, []
        if self._count is None:
            self._count = self.queryset.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice, /) -> list:
        window = self._window
        if (
            self._window_ids is not None
            and window is not None
            and index.start == window.start
            and index.stop is not None
            and index.stop <= window.stop
        ):
            ids = self._window_ids[: index.stop - index.start]
        else:
            ids = list(self._ids().values_list("pk", flat=True)[index])
        rows_qs = self.queryset.model._default_manager.filter(pk__in=ids or [0])
        rows_qs.query.select_related = self.queryset.query.select_related
        # The columns the queryset reads (its .only()/.defer()), also of the related rows.
        rows_qs.query.deferred_loading = self.queryset.query.deferred_loading
        rows = rows_qs.in_bulk()
        return [rows[pk] for pk in ids]


def refresh_statistics() -> None:
    """Bring the planner's statistics (and on PostgreSQL the visibility map that index-only
    scans need) up to date after a bulk load: `hjemvej generate` and `hjemvej restore` write
    millions of rows at once, and until autovacuum gets to them the planner guesses — at
    100,000 citizens the caseworker's home page took 250 ms before and 160 ms after. Runs
    outside any transaction (PostgreSQL's VACUUM cannot run inside one)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)" if connection.vendor == "postgresql" else "ANALYZE")
