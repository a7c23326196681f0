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

from collections.abc import Iterable, Sequence
from functools import cache

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
    sql, expressions = _compiled(
        model, tuple(columns), key,
        tuple((c, len(v) if isinstance(v, list | tuple) else None) for c, v in where),
        tuple(order_by), len(values), using)
    connection = connections[using]
    # What the ORM's compiler applies to a selected column (SQLCompiler.get_converters); asked
    # of this thread's connection each time, as the compiler does.
    converters = []
    for position, expression in expressions:
        functions = [*connection.ops.get_db_converters(expression),
                     *expression.get_db_converters(connection)]
        if functions:
            converters.append((position, functions, expression))
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, *(item for _, value in where for item in (
            value if isinstance(value, list | tuple) else (value,)))])
        rows = cursor.fetchall()
    if not converters:
        return rows
    converted = []
    for row in rows:
        row = list(row)
        for position, functions, expression in converters:
            value = row[position]
            for function in functions:
                value = function(value, expression, connection)
            row[position] = value
        converted.append(tuple(row))
    return converted


@cache
def _compiled(model: type[Model], columns: tuple[str, ...], key: str,
              equal: tuple[tuple[str, int | None], ...],
              order_by: tuple[str, ...], count: int, using: str) -> tuple[str, tuple]:
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
    return sql, tuple((position, fields[name].get_col(table))
                      for position, name in enumerate(columns))
