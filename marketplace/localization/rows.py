"""Plain rows of one table for a page of listings, read with one hand-built SELECT.

A page (page.py: the API's list and detail, the preview, the workspace, the checkout) reads a
few small tables (price tiers, translations, attributes, the latest compliance reports, the
suppliers' certificates and responsible persons). Django's ORM spends ~250 µs building and
compiling each such query, and a prefetch ~500 µs more building querysets and model
instances, where SQLite answers it in ~30 µs: on a page of 10 listings that was most of the
localized list's time (bench/localization.py), and prefetching a page took about 3x as long
as these SELECTs on PostgreSQL too. So those reads are single-table SELECTs compiled here
once per shape:

- table and column names come from the models' metadata, quoted; values are parameters only;
- the rows go through the converters the ORM itself applies (decimals and dates on SQLite,
  JSON everywhere), so they hold the same Python values a `values_list()` would;
- they run through Django's cursor, so query counting (tests, the debug toolbar) sees them.
"""

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import NamedTuple

import orjson
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model


def select(model: type[Model], columns: Sequence[str], *, key: str, values: Iterable,
           where: Sequence[tuple[str, object]] = (), order_by: Sequence[str] = (),
           using: str = DEFAULT_DB_ALIAS) -> list[tuple]:
    """`SELECT columns FROM model WHERE key IN values [AND column = value ...] ORDER BY ...`
    as tuples of Python values. Columns are field attnames ("listing_id"); a list or tuple as
    a `where` value means IN; `order_by` entries may start with "-" for descending order."""
    values = list(values)
    if not values or any(isinstance(value, list | tuple) and not value for _, value in where):
        return []
    sql, converters = _compiled(
        model, tuple(columns), key,
        tuple((c, len(v) if isinstance(v, list | tuple) else None) for c, v in where),
        tuple(order_by), len(values), using)
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [*values, *(item for _, value in where for item in (
            value if isinstance(value, list | tuple) else (value,)))])
        rows = cursor.fetchall()
    return converted(rows, converters, connections[using])


Converters = tuple[tuple[int, tuple, object], ...]


def converters_for(expressions: Sequence, connection) -> Converters:
    """What the ORM's compiler applies to the selected `expressions`' values (as
    SQLCompiler.get_converters): (position, functions, expression) for each column that has
    any. Worked out where the SQL is compiled and kept with it: which functions apply depends
    on the database's backend and the fields, not on the thread's connection, which each call
    of `converted` passes them, as the compiler does."""
    found = []
    for position, expression in enumerate(expressions):
        functions = (*connection.ops.get_db_converters(expression),
                     *expression.get_db_converters(connection))
        if functions:
            found.append((position, functions, expression))
    return tuple(found)


def converted(rows: list[tuple], converters: Converters, connection) -> list[tuple]:
    """The rows with each column's value as the ORM gives it (decimals and dates on SQLite,
    JSON everywhere), by `converters_for` the selected columns."""
    if not converters:
        return rows
    answer = []
    for row in rows:
        row = list(row)
        for position, functions, expression in converters:
            value = row[position]
            for function in functions:
                value = function(value, expression, connection)
            row[position] = value
        answer.append(tuple(row))
    return answer


@cache
def _compiled(model: type[Model], columns: tuple[str, ...], key: str,
              equal: tuple[tuple[str, int | None], ...],
              order_by: tuple[str, ...], count: int, using: str) -> tuple[str, Converters]:
    connection = connections[using]
    quote = connection.ops.quote_name
    table = model._meta.db_table
    fields = {field.attname: field for field in model._meta.concrete_fields}

    def column(name: str) -> str:
        return f"{quote(table)}.{quote(fields[name].column)}"

    def among(count: int) -> str:
        return f"IN ({', '.join(['%s'] * count)})"

    conditions = [f"{column(key)} {among(count)}",
                  *(f"{column(name)} {'= %s' if size is None else among(size)}"
                    for name, size in equal)]
    order = [f"{column(name.lstrip('-'))} {'DESC' if name.startswith('-') else 'ASC'}"
             for name in order_by]
    # Only quoted names from the model's metadata and placeholders go into it: no user input.
    sql = (f"SELECT {', '.join(column(name) for name in columns)} "  # noqa: S608
           f"FROM {quote(table)} WHERE {' AND '.join(conditions)}"
           + (f" ORDER BY {', '.join(order)}" if order else ""))
    return sql, converters_for([fields[name].get_col(table) for name in columns], connection)


class Among(NamedTuple):
    """Key values given by a subquery: `IN (SELECT column FROM model WHERE key IN values)`."""

    model: type[Model]
    column: str
    key: str
    values: Sequence


class Read(NamedTuple):
    """One table's part of `select_all`: what `select` takes, as a value."""

    model: type[Model]
    columns: tuple[str, ...]
    key: str
    values: Sequence | Among
    where: tuple[tuple[str, object], ...] = ()
    order_by: tuple[str, ...] = ()


def select_all(reads: Sequence[Read], using: str = DEFAULT_DB_ALIAS) -> list[list[tuple]]:
    """Each read's rows (as `select` gives them), from one statement: the SELECTs joined by
    UNION ALL, one row per read with its number and its rows as one JSON array of arrays.
    One round trip instead of one per table: a page's reads are small, and per
    statement the database's parsing and planning and the driver's work cost more than the
    rows. A read with nothing to match is left out (its answer is empty); with none left,
    nothing is sent."""
    answers: list[list[tuple]] = [[] for _ in reads]
    sent = [(index, read) for index, read in enumerate(reads) if _matches_anything(read)]
    if not sent:
        return answers
    sql, layouts = _compiled_union(tuple(_shape(read) for _, read in sent), using)
    connection = connections[using]
    postgresql = connection.vendor == "postgresql"
    params = [param for _, read in sent for param in _params(read, postgresql)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for branch, arrays in rows:  # a read with no rows aggregates to NULL
        if arrays is not None:
            answers[sent[branch][0]] = layouts[branch].rows(orjson.loads(arrays), connection)
    return answers


def _matches_anything(read: Read) -> bool:
    values = read.values.values if isinstance(read.values, Among) else read.values
    return bool(values) and not any(isinstance(value, list | tuple) and not value
                                    for _, value in read.where)


def _size(value: object) -> int | None:
    return len(value) if isinstance(value, list | tuple) else None


def _shape(read: Read) -> tuple:
    among = read.values
    keyed = (("among", among.model, among.column, among.key, len(among.values))
             if isinstance(among, Among) else len(read.values))
    return (read.model, tuple(read.columns), read.key, keyed,
            tuple((column, _size(value)) for column, value in read.where),
            tuple(read.order_by))


def _params(read: Read, postgresql: bool) -> list:
    keys = list(read.values.values if isinstance(read.values, Among) else read.values)
    if postgresql:  # one array per IN (see _among)
        return [_array(keys), *(_array(value) if isinstance(value, list | tuple) else value
                                for _, value in read.where)]
    return [*keys, *(item for _, value in read.where for item in (
        value if isinstance(value, list | tuple) else (value,)))]


class _Layout(NamedTuple):
    """How one read's JSON arrays become its rows."""

    loaders: tuple[tuple[int, Callable], ...]  # (column position, from its JSON value)
    converters: Converters  # the ORM's, for the columns
    order: tuple[tuple[int, bool], ...]  # (column position, descending), first key first

    def rows(self, arrays: list[list], connection) -> list[tuple]:
        for array in arrays:
            for position, load in self.loaders:
                if array[position] is not None:
                    array[position] = load(array[position])
        rows = converted([tuple(array) for array in arrays], self.converters, connection)
        # Stable sorts, the last key first; a NULL sorts last ascending, first descending,
        # as PostgreSQL orders it.
        for position, descending in reversed(self.order):
            rows.sort(key=lambda row, at=position: (row[at] is None, row[at]),
                      reverse=descending)
        return rows


# How a column of each kind of field goes into the JSON array, and comes back as the value
# the driver would have given: (PostgreSQL's SQL around the column, the loader there).
# SQLite's json_array() takes every column as it is stored (numbers, text, NULL), which is
# what its driver gives and the ORM's converters take.
_AS_IS = ("{}", None)
_POSTGRESQL_JSON = {
    "AutoField": _AS_IS, "BigAutoField": _AS_IS, "SmallAutoField": _AS_IS,
    "IntegerField": _AS_IS, "BigIntegerField": _AS_IS, "SmallIntegerField": _AS_IS,
    "PositiveIntegerField": _AS_IS, "PositiveBigIntegerField": _AS_IS,
    "PositiveSmallIntegerField": _AS_IS, "BooleanField": _AS_IS,
    "CharField": _AS_IS, "TextField": _AS_IS, "SlugField": _AS_IS,
    "EmailField": _AS_IS, "URLField": _AS_IS,
    # Exact: as text, not a JSON number a parser would make a float of.
    "DecimalField": ("{}::text", Decimal),
    # JSON writes dates and timestamps (in the session's time zone) in ISO 8601.
    "DateField": ("{}", date.fromisoformat),
    "DateTimeField": ("{}", datetime.fromisoformat),
    # As the text Django has psycopg hand it, for the field's own converter.
    "JSONField": ("{}::text", None),
}


def _json_column(field, column: str, postgresql: bool) -> tuple[str, Callable | None]:
    field = _typed(field)
    kind = field.get_internal_type()
    if kind not in _POSTGRESQL_JSON:  # on either database, so that SQLite cannot hide it
        raise TypeError(f"rows.select_all cannot read {field} ({kind}): its JSON form is "
                        "not known here")
    if not postgresql:
        return column, None
    template, loader = _POSTGRESQL_JSON[kind]
    return template.format(column), loader


@cache
def _compiled_union(shapes: tuple[tuple, ...], using: str
                    ) -> tuple[str, tuple[_Layout, ...]]:
    """The statement for these read shapes, and each read's layout.

    A row is (the read's number, its rows as one JSON array of arrays). Typed columns side
    by side would need every read's columns in each row, NULL in the others' (PostgreSQL
    types a UNION's columns from its first branch): with a page's eight reads that was some
    thirty columns a row, and parsing and planning them cost the database about 1.1 ms of
    CPU a page against 0.5 ms for JSON; one row per read also spares the driver and the JSON
    parser a call per row. Each read's order is kept in Python: SQLite orders the rows of an
    aggregate only from 3.44 on."""
    connection = connections[using]
    quote = connection.ops.quote_name
    postgresql = connection.vendor == "postgresql"
    array, arrays = ("json_build_array", "json_agg") if postgresql else (
        "json_array", "json_group_array")
    branches, layouts = [], []
    for branch, (model, columns, key, keyed, equal, order_by) in enumerate(shapes):
        table = model._meta.db_table
        fields = {field.attname: field for field in model._meta.concrete_fields}

        def column(name: str, table=table, fields=fields) -> str:
            return f"{quote(table)}.{quote(fields[name].column)}"

        if isinstance(keyed, tuple):  # ("among", model, column, key, count)
            _, inner, inner_column, inner_key, count = keyed
            inner_table = inner._meta.db_table
            inner_fields = {field.attname: field for field in inner._meta.concrete_fields}
            inner_select = quote(inner_fields[inner_column].column)
            inner_where = quote(inner_fields[inner_key].column)
            keys = (f"IN (SELECT {quote(inner_table)}.{inner_select} "  # noqa: S608
                    f"FROM {quote(inner_table)} "
                    f"WHERE {quote(inner_table)}.{inner_where} "
                    f"{_among(inner_fields[inner_key], count, connection)})")
        else:
            keys = _among(fields[key], keyed, connection)
        conditions = [f"{column(key)} {keys}",
                      *(f"{column(name)} "
                        f"{'= %s' if size is None else _among(fields[name], size, connection)}"
                        for name, size in equal)]
        selected, loaders = zip(*(_json_column(fields[name], column(name), postgresql)
                                  for name in columns), strict=True)
        # Only quoted names from the models' metadata and placeholders: no user input.
        branches.append(f"SELECT {branch}, {arrays}({array}({', '.join(selected)}))"  # noqa: S608
                        f"{'::text' if postgresql else ''} "
                        f"FROM {quote(table)} WHERE {' AND '.join(conditions)}")
        layouts.append(_Layout(
            tuple((position, load) for position, load in enumerate(loaders) if load),
            converters_for([fields[name].get_col(table) for name in columns], connection),
            tuple((columns.index(name.lstrip("-")), name.startswith("-"))
                  for name in order_by)))
    return " UNION ALL ".join(branches), tuple(layouts)


def _among(field, count: int, connection) -> str:
    # PostgreSQL takes the values as one array: the statement stays short and has few
    # parameters, which psycopg needs to cache its parsing (at most 50). The array comes as
    # its text form (see _array), cast to the column's type.
    if connection.vendor == "postgresql":
        return f"= ANY(%s::{_typed(field).cast_db_type(connection)}[])"
    return f"IN ({', '.join(['%s'] * count)})"


def _typed(field):
    """The field whose type the column has: a foreign key's column has its target's."""
    while field.is_relation:
        field = field.target_field
    return field


def _array(values: Sequence) -> str:
    """PostgreSQL's text form of an array of whole numbers or strings ('{1,2}', '{"de"}').
    psycopg adapts a list element by element in Python (about 1 µs each, hundreds a page);
    a string it quotes in one call."""
    if all(type(value) is int for value in values):
        return "{" + ",".join(map(str, values)) + "}"
    if all(type(value) is str for value in values):
        return "{" + ",".join('"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
                              for value in values) + "}"
    raise TypeError("rows.select_all matches columns among whole numbers or strings only")
