"""What every rule returns (``Finding``) and shares: money in words, the rule's params
with their defaults."""

import datetime
from dataclasses import dataclass, field

from ..defaults import DEFAULT_PARAMS


@dataclass
class Finding:
    """One finding of a rule, before it is stored as an ``Alert``. ``key`` identifies it
    (kind, station or district, day...): a re-run finds the same key and stores nothing."""

    kind: str
    key: str
    region_id: int
    title: str
    detail: str
    station_id: int | None = None
    day: datetime.date | None = None
    data: dict = field(default_factory=dict)
    severity: str = ""


def params_of(rule) -> dict:
    """The rule's parameters over the defaults of its kind (a row saved before a new
    parameter existed still runs)."""
    return {**DEFAULT_PARAMS.get(rule.kind, {}), **(rule.params or {})}


def yuan(fen: int | float) -> str:
    return f"¥{fen / 100:,.0f}"
