"""An UPDATE that says which rows it wrote: `UPDATE ... RETURNING`.

The engine's jobs write the rows that are due, and must tell (notices, events, pages) about
exactly the rows they wrote: a row another worker changed first fails the UPDATE's own WHERE
clause. Reading the due ids first and the written ones back afterwards cost two more scans
of the table by a list of ids (0.3-1.1 s each at 57,000-100,000 rows on the benchmark's
million threads). PostgreSQL and SQLite (3.35 and later) both have RETURNING; Django's
update() has not.

What it returns is a field's name or an expression over the row as written. A time read
back costs Django's timestamptz loader about 5 µs (0.5 s for 100,000 rows here): a job that
only orders or compares times asks for them as epoch seconds (epoch()).

OneRowUpdate is the other end: an UPDATE of one row whose SET clause is a tree of Django
expressions, compiled once instead of on every write (see its docstring).
"""

from collections.abc import Callable

from django.db import connections, transaction
from django.db.models import F, FloatField, Func, QuerySet, sql


def update_returning(queryset: QuerySet, returning: tuple, **values) -> list[tuple]:
    """queryset.update(**values), as Django builds it, returning for each row it wrote the
    `returning` items (a field name, "pk", or an expression), as they are after the UPDATE."""
    query = queryset.query.chain(sql.UpdateQuery)
    query.add_update_values(values)
    query.order_by = ()
    query.clear_select_clause()
    compiler = query.get_compiler(queryset.db)
    statement, params = compiler.as_sql()
    if not statement:
        return []
    expressions = [
        (F(item) if isinstance(item, str) else item).resolve_expression(query, allow_joins=False) for item in returning
    ]
    columns, column_params = [], []
    for expression in expressions:
        column, more = compiler.compile(expression)
        columns.append(column)
        column_params.extend(more)
    connection = connections[queryset.db]
    with transaction.mark_for_rollback_on_error(using=queryset.db), connection.cursor() as cursor:
        cursor.execute(f"{statement} RETURNING {', '.join(columns)}", (*params, *column_params))
        rows = cursor.fetchall()
    # As a query would read them (SQLite's times are text until converted).
    converters = compiler.get_converters(expressions)
    return [tuple(row) for row in (compiler.apply_converters(rows, converters) if converters else rows)]


class Epoch(Func):
    """A time as seconds since 1970, a float: cheap to read back by the thousand."""

    output_field = FloatField()

    @property
    def convert_value(self):
        # Both databases give a float already: no converter to run per row (0.1-0.2 s).
        return self._convert_value_noop

    def as_postgresql(self, compiler, connection, **extra):
        moment, params = compiler.compile(self.source_expressions[0])
        return f"date_part('epoch', {moment})", params  # a double already: EXTRACT() is a numeric

    def as_sqlite(self, compiler, connection, **extra):
        # julianday() reads Django's stored text timestamps; 1970-01-01 is Julian day 2440587.5.
        moment, params = compiler.compile(self.source_expressions[0])
        return f"((julianday({moment}) - 2440587.5) * 86400.0)", params


def epoch(field: str) -> Epoch:
    return Epoch(F(field))


class OneRowUpdate:
    """`model.objects.filter(pk=pk).update(**values())`, its SQL compiled by Django once per
    database and `key` and then only executed. Building, resolving and compiling a large SET
    clause (the engine's derived columns, a thread's search vector) cost 10-15 ms of Python a
    write, against 1-2 ms in the database.

    `values()` must depend on nothing but what `key` names (settings, say): never on the row,
    the time or the request; a value that does belongs in an ordinary update()."""

    NO_ROW = -7_919_113  # an id no row has, found again among the compiled parameters

    def __init__(self, model, values: Callable[[], dict]):
        self.model, self.values = model, values
        self.compiled: dict[tuple, tuple[str, tuple, int]] = {}

    def __call__(self, pk: int, *, key: tuple = ()) -> None:
        connection = transaction.get_connection()
        key = (connection.alias, connection.vendor, *key)
        if key not in self.compiled:
            query = self.model._base_manager.filter(pk=self.NO_ROW).query.chain(sql.UpdateQuery)
            query.add_update_values(self.values())
            text, params = query.get_compiler(connection.alias).as_sql()
            assert params.count(self.NO_ROW) == 1, f"the row's id must be one parameter of {text}"
            self.compiled[key] = (text, tuple(params), params.index(self.NO_ROW))
        text, params, position = self.compiled[key]
        with connection.cursor() as cursor:
            cursor.execute(text, (*params[:position], pk, *params[position + 1 :]))
