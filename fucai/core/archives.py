"""Checks on zip-based uploads (XLSX, DOCX) before anything unpacks them.

A zip declares each member's compressed and uncompressed size in its central directory,
which ``zipfile`` reads without decompressing anything. A "zip bomb" is a small file
whose members expand to gigabytes (50 MB of repeated XML compresses to ~100 KB), and a
parser handed it — openpyxl reads shared strings and styles whole — takes the process
to gigabytes of memory. So the declared sizes and ratios are checked first, and nothing
is parsed when they are out of bounds. The declared sizes can be trusted as an upper
bound: ``zipfile`` stops a member's stream at its declared size and fails the CRC check
if the data would go on, so a member that lies about its size cannot expand further.
"""

import re
import zipfile
from dataclasses import dataclass
from typing import IO
from xml.parsers import expat

from django.conf import settings
from django.utils.translation import gettext_lazy as _

MB = 1024 * 1024
# Members smaller than this are not ratio-checked: a few hundred KB of repetitive XML
# may compress 200:1 and is harmless at that size.
RATIO_FLOOR_BYTES = 1 * MB


class UnsafeArchive(ValueError):
    """The archive is refused; the message says why, for the user."""


@dataclass(frozen=True)
class ArchiveLimits:
    max_total_bytes: int
    max_ratio: int
    max_members: int
    # Members a parser reads whole (shared strings, styles): everything but worksheets.
    max_whole_member_bytes: int

    @classmethod
    def from_settings(cls) -> "ArchiveLimits":
        return cls(
            max_total_bytes=settings.FUCAI_UPLOAD_MAX_UNZIPPED_MB * MB,
            max_ratio=settings.FUCAI_UPLOAD_MAX_ZIP_RATIO,
            max_members=settings.FUCAI_UPLOAD_MAX_ZIP_MEMBERS,
            max_whole_member_bytes=settings.FUCAI_UPLOAD_MAX_ZIP_PART_MB * MB,
        )


def _streamed(name: str) -> bool:
    """Worksheets are parsed as a stream; every other part is read into memory whole."""
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


def check_zip(file: IO[bytes], limits: ArchiveLimits | None = None) -> list[zipfile.ZipInfo]:
    """Refuse a zip whose declared content is too large, too compressed or has too many
    members. Reads only the central directory; leaves the file at its start."""
    limits = limits or ArchiveLimits.from_settings()
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise UnsafeArchive(_("The file is not a valid zip-based document (.xlsx).")) from None
    finally:
        file.seek(0)
    if len(members) > limits.max_members:
        raise UnsafeArchive(
            _("The file contains %(count)s parts, more than the %(limit)s allowed; refused.")
            % {"count": len(members), "limit": limits.max_members}
        )
    total = 0
    for member in members:
        total += member.file_size
        if total > limits.max_total_bytes:
            raise UnsafeArchive(
                _(
                    "The file expands to more than %(limit)s MB when unzipped and may be a "
                    "zip bomb; refused."
                )
                % {"limit": limits.max_total_bytes // MB}
            )
        if member.file_size >= RATIO_FLOOR_BYTES and (
            member.file_size > limits.max_ratio * max(member.compress_size, 1)
        ):
            raise UnsafeArchive(
                _(
                    "Part %(name)s of the file is compressed more than %(ratio)s:1 and may "
                    "be a zip bomb; refused."
                )
                % {"name": member.filename[:80], "ratio": limits.max_ratio}
            )
        if not _streamed(member.filename) and member.file_size > limits.max_whole_member_bytes:
            raise UnsafeArchive(
                _("Part %(name)s of the file is larger than %(limit)s MB when unzipped; refused.")
                % {"name": member.filename[:80], "limit": limits.max_whole_member_bytes // MB}
            )
    return members


class SheetTooLarge(UnsafeArchive):
    """A worksheet has more rows or columns than allowed."""


_CELL_REF = re.compile(r"([A-Za-z]{1,4})")


def _column_index(ref: str) -> int:
    match = _CELL_REF.match(ref)
    if not match:
        return 0
    index = 0
    for letter in match.group(1).upper():
        index = index * 26 + ord(letter) - 64
    return index


# Merged ranges kept from one sheet (a report merges a few per station group at most).
MAX_MERGED_RANGES = 100_000
_RANGE = re.compile(r"([A-Za-z]{1,4})([0-9]{1,9}):([A-Za-z]{1,4})([0-9]{1,9})")


def scan_sheet(
    stream: IO[bytes],
    *,
    max_rows: int,
    max_columns: int,
    merged: list[tuple[int, int, int, int]] | None = None,
) -> tuple[int, int]:
    """Count a worksheet's rows and columns from its XML, streaming, before a parser
    builds anything: (last row number, widest row). The sheet's own ``dimension`` is
    not trusted; row numbers (``r``) are, since a parser pads up to them. A row wider
    than ``max_columns`` stops the scan; too many rows are reported with their count.
    A DOCTYPE (entity definitions) is refused outright. If ``merged`` is given, the
    sheet's merged ranges are appended to it as (first column, first row, last column,
    last row), 1-based (openpyxl's read-only sheets do not read them)."""
    state = {"row": 0, "cells": 0, "column": 0, "widest": 0}

    def start(name: str, attrs: dict) -> None:
        local = name.rpartition(" ")[2]
        if local == "mergeCell" and merged is not None:
            match = _RANGE.fullmatch(attrs.get("ref", ""))
            if match is None:
                return
            if len(merged) >= MAX_MERGED_RANGES:
                raise UnsafeArchive(
                    _("The worksheet has more than %(limit)s merged cells; refused.")
                    % {"limit": f"{MAX_MERGED_RANGES:,}"}
                )
            first, first_row, last, last_row = match.groups()
            merged.append(
                (_column_index(first), int(first_row), _column_index(last), int(last_row))
            )
        elif local == "row":
            number = attrs.get("r")
            state["row"] = int(number) if number and number.isdigit() else state["row"] + 1
            state["cells"] = state["column"] = 0
        elif local == "c":
            state["cells"] += 1
            ref = attrs.get("r")
            state["column"] = _column_index(ref) if ref else state["column"] + 1
            width = max(state["cells"], state["column"])
            if width > max_columns:
                raise SheetTooLarge(
                    _("Row %(row)s has more than %(limit)s columns; refused.")
                    % {"row": state["row"], "limit": max_columns}
                )
            state["widest"] = max(state["widest"], width)

    def doctype(*args) -> None:
        raise UnsafeArchive(_("The worksheet declares a DOCTYPE; refused."))

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    try:
        while chunk := stream.read(1 << 20):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError:
        raise UnsafeArchive(_("The worksheet is not well-formed XML; refused.")) from None
    if state["row"] > max_rows:
        raise SheetTooLarge(
            _("The worksheet has %(rows)s rows, more than the %(limit)s allowed; split it.")
            % {"rows": f"{state['row']:,}", "limit": f"{max_rows:,}"}
        )
    return state["row"], state["widest"]
