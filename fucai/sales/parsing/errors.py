"""What goes wrong reading a file: the file as a whole (``FileFormatError``), one cell
(``ValueProblem``), and the error as shown to the user, with its row and column
(``RowError``)."""

from dataclasses import dataclass


class FileFormatError(Exception):
    """The file as a whole cannot be read (not CSV/XLSX, undecodable, missing columns)."""

    def __init__(self, reason, *, row: int = 0, column: str = "", value: str = ""):
        super().__init__(str(reason))
        self.error = RowError(row=row, column=column, value=value, reason=str(reason))


class ValueProblem(ValueError):
    """One cell's value is unusable; the message is the reason shown to the user."""


@dataclass(frozen=True, slots=True)
class RowError:
    row: int  # as the user sees it: the spreadsheet row / the line of the CSV file
    column: str  # the header as written in the file
    value: str
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}
