"""Importing the population data set (常住人口) that siting reads: a CSV or Excel file with
one area and year per row — the district (code or name), the township (街道 / 镇 / 乡;
empty for the district as a whole), the year, the resident population in persons, and
optionally the township's centroid (latitude, longitude) and the source.

All rows or none: every row is checked first, and if any cell is wrong nothing is saved
and each error names its row and column. An area and year already on file with the same
figures is left alone, so importing the same file twice changes nothing; different
figures replace the stored ones (a corrected count), each change audited. Districts are
matched within the importer's data scope.

The file is bounded before it is parsed: its size, then for a workbook the zip's
declared sizes (core.archives.check_zip) and the sheet's rows and columns counted from
its XML (scan_sheet); a CSV's lines and columns as they are read."""

from .importing import population_import, template_rows
from .reading import COLUMNS, PopulationImportRejected, RowError, read_rows

__all__ = [
    "COLUMNS",
    "PopulationImportRejected",
    "RowError",
    "population_import",
    "read_rows",
    "template_rows",
]
