"""The PostgreSQL fast path of the sales import: a CSV is read in chunks of a few
megabytes, typed and checked column by column with polars (vectorised, no Python loop
per row), and written with ``COPY`` straight into the fact table; the monthly rollups
are summed from the same columns on the way.

It only ever *accepts* a file: every rule of the row-by-row path (``validation``) holds
for every row, or the file is handed back to the row-by-row path, which then reports
each problem with its row and column. So the two paths cannot disagree on what is
accepted, and the fast path needs no error messages of its own. It is conservative:
numbers in canonical form (ASCII digits, ``1234.50``) are typed here; anything the Python
parser would have to interpret (full-width digits, ``1,234.50``, ``¥``, spaces) sends the
file down the row-by-row path, which handles it. The few distinct station codes, game
names and date texts of each chunk are typed by the same Python functions as the
row-by-row path. A key already stored (insert mode) or twice in the file violates the
fact table's primary key, which aborts the COPY and sends the file row by row too.
"""

from .chunks import CHUNK_BYTES, NotEligible
from .load import FastResult, try_fast_load

__all__ = ["CHUNK_BYTES", "FastResult", "NotEligible", "try_fast_load"]
