"""Risk-based selection: stations whose sales look anomalous are proposed for a special
inspection (专项检查), with the reason and the figures behind it.

The scan reads the sales app's tables read-only and never the raw daily rows for the
whole city: the jump/drop and game-mix rules read the monthly rollups (one row per
station and month, and per district, kind and game), so their cost grows with
stations × months, not with days (1,300 stations × 7 months ≈ 9,100 rows). Only the
closed-day rule reads daily rows, and only for the few stations the registry shows
suspended or closed, through the date-first key.

What the data support: the daily facts (``SalesDay``) carry no time of sale, so sales
at hours the terminal should be closed cannot be seen; the closed-day rule flags *days*
on which a station reported sales while the registry had it suspended or closed
(counting from the day after the status change took effect).

Rules (thresholds in ``constants``):
- ``sales_jump`` / ``sales_drop``: the month against the station's own average of the
  previous months AND against its district's move over the same months.
- ``closed_day_sales``: sales on days the station was suspended or closed.
- ``open_alerts``: unresolved sales alerts of the monitoring app (jump, drop, sales on
  days not open) about days of the month.
- ``game_mix``: total variation distance between the station's game shares and those
  of the other stations of its district and kind (½ Σ |p − q|: the share of sales that
  would have to move between games to make the mixes equal).

Re-running a scan proposes nothing twice (one proposal per station, rule and period);
a dismissed proposal stays dismissed.
"""

# One module per topic: ``common`` (rule codes, months, ``Finding``), one module per rule
# (``swings``, ``closed_days``, ``game_mix``), ``reasons`` (the words), ``scan`` and
# ``proposals`` (the decisions).
from .closed_days import find_closed_day_sales
from .common import (
    CLOSED_STATUSES,
    RULE_ALERTS,
    RULE_CLOSED,
    RULE_DROP,
    RULE_JUMP,
    RULE_LABELS,
    RULE_MIX,
    Finding,
    add_months,
    latest_complete_month,
    month_end,
    yuan,
)
from .game_mix import find_game_mix, total_variation
from .open_alerts import find_open_alerts
from .proposals import proposal_accept, proposal_dismiss
from .reasons import describe
from .scan import ScanResult, risk_scan
from .swings import find_sales_swings

__all__ = [
    "CLOSED_STATUSES",
    "RULE_ALERTS",
    "RULE_CLOSED",
    "RULE_DROP",
    "RULE_JUMP",
    "RULE_LABELS",
    "RULE_MIX",
    "Finding",
    "ScanResult",
    "add_months",
    "describe",
    "find_closed_day_sales",
    "find_game_mix",
    "find_open_alerts",
    "find_sales_swings",
    "latest_complete_month",
    "month_end",
    "proposal_accept",
    "proposal_dismiss",
    "risk_scan",
    "total_variation",
    "yuan",
]
