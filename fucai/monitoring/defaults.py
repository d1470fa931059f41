"""The rules' default parameters and severities: what the data migration seeds and what
a parameter missing from a saved rule falls back to."""

from .choices import AlertKind, AlertSeverity

DEFAULT_PARAMS: dict[str, dict] = {
    # Robust z-score of a day's sales against the station's own previous ``window_days``
    # days with sales (at least ``min_history`` of them) AND against the same day's move
    # of the other stations of its district (at least ``min_peers``). Only the last
    # ``max_days`` days of an import are judged; days under ``min_sales_yuan`` (median
    # for a drop, the day for a jump) are too small to matter. The same test runs on the
    # week ending on the last day against the ``weeks`` weeks before it (0: days only):
    # a shift that lasts a week shows there even when no single day stands out.
    AlertKind.SALES_JUMP: {
        "z": 3.5,
        "window_days": 56,
        "min_history": 21,
        "min_peers": 5,
        "max_days": 7,
        "min_sales_yuan": 500,
        "weeks": 8,
    },
    AlertKind.SALES_DROP: {
        "z": 3.5,
        "window_days": 56,
        "min_history": 21,
        "min_peers": 5,
        "max_days": 7,
        "min_sales_yuan": 500,
        "weeks": 8,
    },
    # Days with sales while the registry had the station not open (before it opened,
    # suspended, closed). The daily facts carry no time of sale: hours are not checked.
    AlertKind.OFF_HOURS: {},
    # Sales below the target's pro-rata share of the period by more than ``tolerance``,
    # once ``min_elapsed`` of the period has passed.
    AlertKind.TARGET_BEHIND: {"tolerance": 0.1, "min_elapsed": 0.25},
    # A district with sales in the ``history_days`` before but none on a day of the last
    # ``lookback_days``.
    AlertKind.IMPORT_MISSING: {"lookback_days": 7, "history_days": 28},
    AlertKind.INSURANCE_LAPSE: {"days": 30},
    AlertKind.CERTIFICATE_LAPSE: {"days": 30},
}

DEFAULT_SEVERITY: dict[str, str] = {
    AlertKind.SALES_JUMP: AlertSeverity.WARNING,
    AlertKind.SALES_DROP: AlertSeverity.WARNING,
    AlertKind.OFF_HOURS: AlertSeverity.CRITICAL,
    AlertKind.TARGET_BEHIND: AlertSeverity.INFO,
    AlertKind.IMPORT_MISSING: AlertSeverity.CRITICAL,
    AlertKind.INSURANCE_LAPSE: AlertSeverity.WARNING,
    AlertKind.CERTIFICATE_LAPSE: AlertSeverity.WARNING,
}

# Alerts whose station owner hears of them too (their own paperwork); the sales
# anomalies are the center's to look into first.
OWNER_KINDS = frozenset({AlertKind.INSURANCE_LAPSE, AlertKind.CERTIFICATE_LAPSE})
# Sales alerts that feed the governance risk-based inspection proposals.
SALES_KINDS = frozenset({AlertKind.SALES_JUMP, AlertKind.SALES_DROP, AlertKind.OFF_HOURS})
