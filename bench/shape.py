"""The import benchmark's baseline table and the check that it has the product table's
shape.

The baseline ``COPY`` is only a fair ceiling if it goes into a table that costs what the
sales fact table costs to fill: the same columns and types, the same primary key,
unique and check constraints, the same indexes, the same storage options, logged. The
table is made with ``CREATE TABLE … (LIKE … INCLUDING ALL)`` and then compared with the
product table from the catalogue (:func:`differences`), so that a later change to the
fact table (a new index, a partitioning) cannot leave the baseline cheaper unnoticed.
"""

from __future__ import annotations

import re

PRODUCT_TABLE = "sales_salesday"
BASELINE_TABLE = "bench_salesday"

# The catalogue's description of a table, one query per aspect; names of the table and
# of its indexes and constraints are left out, everything that costs work on a load is in.
_RELATION = """
SELECT c.relkind, c.relpersistence, coalesce(c.reloptions, '{}'), c.relhasrules,
       c.relhastriggers, coalesce(p.partstrat, '')
FROM pg_class c LEFT JOIN pg_partitioned_table p ON p.partrelid = c.oid
WHERE c.oid = %s::regclass
"""
_COLUMNS = """
SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       coalesce(pg_get_expr(d.adbin, d.adrelid), ''), a.attstorage, a.attcompression,
       coalesce(a.attidentity, ''), coalesce(a.attgenerated, '')
FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum
"""
_CONSTRAINTS = """
SELECT contype, pg_get_constraintdef(oid, true), condeferrable, condeferred, convalidated
FROM pg_constraint WHERE conrelid = %s::regclass
ORDER BY contype, pg_get_constraintdef(oid, true)
"""
_INDEXES = """
SELECT pg_get_indexdef(i.indexrelid), coalesce(c.reloptions, '{}')
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid = %s::regclass
"""
_TRIGGERS = """
SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal
"""
# "CREATE UNIQUE INDEX name ON public.table USING btree (...)" -> "UNIQUE USING btree (...)"
_INDEX_NAMES = re.compile(r"^CREATE (UNIQUE )?INDEX \S+ ON (ONLY )?\S+ ")
_TRIGGER_NAMES = re.compile(r"^CREATE (CONSTRAINT )?TRIGGER \S+ (.*) ON \S+ ")


def describe(cursor, table: str) -> dict[str, list]:
    """What a load into ``table`` has to maintain, as comparable lists."""

    def rows(sql: str) -> list[tuple]:
        cursor.execute(sql, [table])
        return [tuple(row) for row in cursor.fetchall()]

    return {
        "relation": rows(_RELATION),
        "columns": rows(_COLUMNS),
        "constraints": rows(_CONSTRAINTS),
        "indexes": sorted(
            (_INDEX_NAMES.sub(lambda m: m.group(1) or "", definition), tuple(options))
            for definition, options in rows(_INDEXES)
        ),
        "triggers": sorted(
            _TRIGGER_NAMES.sub(lambda m: f"{m.group(1) or ''}{m.group(2)} ", definition)
            for (definition,) in rows(_TRIGGERS)
        ),
    }


def differences(product: dict[str, list], baseline: dict[str, list]) -> list[str]:
    """Every aspect in which the baseline's description differs from the product's."""
    found = []
    for aspect in product.keys() | baseline.keys():
        ours, theirs = product.get(aspect, []), baseline.get(aspect, [])
        if ours != theirs:
            found.append(f"{aspect}: product {ours!r} != baseline {theirs!r}")
    return sorted(found)


def create_baseline(cursor, product: str = PRODUCT_TABLE, baseline: str = BASELINE_TABLE) -> None:
    """The baseline table, empty, of the product table's shape; raises if it is not."""
    cursor.execute(f"DROP TABLE IF EXISTS {baseline}")
    cursor.execute(f"CREATE TABLE {baseline} (LIKE {product} INCLUDING ALL)")
    # LIKE copies neither storage parameters nor the persistence; set them as the
    # product's are (none today), so the comparison below sees the same table.
    cursor.execute("SELECT reloptions FROM pg_class WHERE oid = %s::regclass", [product])
    options = cursor.fetchone()[0]
    if options:
        cursor.execute(f"ALTER TABLE {baseline} SET ({', '.join(options)})")
    assert_same_shape(cursor, product, baseline)


class ShapeMismatch(AssertionError):
    pass


def assert_same_shape(cursor, product: str = PRODUCT_TABLE, baseline: str = BASELINE_TABLE):
    found = differences(describe(cursor, product), describe(cursor, baseline))
    if found:
        raise ShapeMismatch(
            f"the baseline table {baseline} is not shaped like {product}:\n" + "\n".join(found)
        )
