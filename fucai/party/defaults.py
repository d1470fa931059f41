"""The minimum frequencies of organizational life (the Party's rules on branch work):
loaded by migration 0002 (which keeps its own copy), editable in the admin."""

from .choices import ActivityKind, Period

FREQUENCY_RULES = (
    (ActivityKind.GENERAL_MEETING, Period.QUARTER, 1),
    (ActivityKind.COMMITTEE, Period.MONTH, 1),
    (ActivityKind.GROUP, Period.MONTH, 1),
    (ActivityKind.LECTURE, Period.QUARTER, 1),
    (ActivityKind.THEME_DAY, Period.MONTH, 1),
    (ActivityKind.LIFE_MEETING, Period.YEAR, 1),
    (ActivityKind.EVALUATION, Period.YEAR, 1),
)
