"""Reading a CSV for the fast path: the header line, then the data lines in UTF-8
pieces of ``CHUNK_BYTES`` each ending at a line break, typed ahead in a thread."""

from __future__ import annotations

import codecs
import csv
import threading
from collections.abc import Iterator
from queue import Full, Queue
from typing import IO, TypeVar

from django.conf import settings

from ..parsing import CHUNK, CSV_DELIMITERS

# Bytes per chunk: large enough for polars to pay off, small enough that memory stays
# flat (a chunk of ~250,000 rows takes a few tens of MB as columns).
CHUNK_BYTES = 8 << 20


class NotEligible(Exception):
    """The file needs the row-by-row path (an unusual form, or a problem to report)."""


def _header(file: IO[bytes], encoding: str) -> tuple[int, list[str], str, int]:
    """(header row number, header cells, delimiter, byte offset of the first data row)."""
    file.seek(0)
    head = file.read(CHUNK)
    offset, number = 0, 0
    if encoding == "utf-8-sig" and head.startswith(codecs.BOM_UTF8):
        offset = len(codecs.BOM_UTF8)
    while True:
        end = head.find(b"\n", offset)
        if end < 0:
            raise NotEligible("no complete header line in the first megabyte")
        number += 1
        line = head[offset:end].decode(encoding.replace("-sig", ""))
        offset = end + 1
        if line.strip():
            break
    delimiter = max(CSV_DELIMITERS, key=line.count)
    cells = next(csv.reader([line], delimiter=delimiter))
    return number, cells, delimiter, offset


def _chunks(file: IO[bytes], offset: int, encoding: str) -> Iterator[bytes]:
    """UTF-8 pieces of the data lines, each ending at a line break. A quoted field
    spanning lines (or a stray quote) leaves an odd number of quotes before the break:
    such a file goes row by row. (In GB18030 neither a line break nor a quote byte
    occurs inside a character.)"""
    file.seek(offset)
    pending = b""
    while True:
        block = file.read(CHUNK_BYTES)
        data = pending + block
        if not block:
            if data.strip():
                if not data.endswith(b"\n"):
                    data += b"\n"
                yield _utf8(data, encoding)
            return
        end = data.rfind(b"\n") + 1
        if data.count(b'"', 0, end) % 2:
            raise NotEligible("a quoted field spans lines")
        if not end:
            if len(data) > 4 * settings.FUCAI_IMPORT_MAX_LINE_CHARS:
                raise NotEligible("a line longer than the limit")  # reported row by row
            pending = data
            continue
        pending = data[end:]
        yield _utf8(data[:end], encoding)


def _utf8(data: bytes, encoding: str) -> bytes:
    if encoding == "gb18030":
        return data.decode("gb18030").encode("utf-8")
    return data


T = TypeVar("T")


def _prefetched(chunks: Iterator[T], depth: int = 2) -> Iterator[T]:
    """Type the next chunks in a thread while the database takes the current one:
    polars releases the GIL, so reading and COPY overlap on two cores. The thread
    never touches the database."""
    queue: Queue = Queue(maxsize=depth)
    stop = threading.Event()
    done = object()

    def produce():
        try:
            for chunk in chunks:
                while not stop.is_set():
                    try:
                        queue.put(chunk, timeout=0.1)
                        break
                    except Full:
                        continue
                if stop.is_set():
                    return
            queue.put(done)
        except BaseException as error:  # handed to the consumer, raised there
            queue.put(error)

    thread = threading.Thread(target=produce, name="sales-import-reader", daemon=True)
    thread.start()
    try:
        while (item := queue.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()
