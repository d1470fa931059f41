"""Governance rules that are policy, not data: deadlines, distances, thresholds."""

from .choices import ReviewDecision, ReviewOutcome, Severity

# Calendar days an owner has to rectify a failed item, by severity.
RECTIFICATION_DAYS: dict[str, int] = {
    Severity.CRITICAL: 7,
    Severity.MAJOR: 15,
    Severity.MINOR: 30,
}

# Days past the deadline before an overdue order escalates a level further:
# overdue → the branch head is told; still unresolved after this → station status.
ESCALATE_TO_STATUS_AFTER_DAYS = 14

# A check-in farther than this from the station's recorded coordinates is flagged.
CHECK_IN_FAR_METRES = 300

# An inspection passes at or above this share of its maximum score (and no critical
# item failed).
PASS_SHARE_PERCENT = 60

# A repeat within this many months counts towards the penalty table's escalation.
REPEAT_WINDOW_MONTHS = 12

# Annual review: outcome → default decision.
DECISION_FOR_OUTCOME: dict[str, str] = {
    ReviewOutcome.PASS: ReviewDecision.CONTINUE,
    ReviewOutcome.CONDITIONAL: ReviewDecision.WARN,
    ReviewOutcome.FAIL: ReviewDecision.EXIT,
}

# Uploaded photos (after client-side compression a phone photo is ~200-500 KB).
MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_SIGNATURE_BYTES = 512 * 1024

# --- Planning and risk-based selection (plan topic) ---

# Risk-based selection reads the monthly rollups. A jump or drop compares a station's
# month with the average of its previous RISK_BASELINE_MONTHS months (at least
# RISK_MIN_BASELINE_MONTHS with sales, averaging at least RISK_MIN_BASELINE_FEN), and
# the same ratio of its district: the station is proposed when its own ratio passes
# RISK_JUMP_RATIO (or falls under RISK_DROP_RATIO) AND it moved RISK_RELATIVE_FACTOR
# times more (or less) than its district, so a city-wide jackpot month proposes nobody.
RISK_BASELINE_MONTHS = 6
RISK_MIN_BASELINE_MONTHS = 3
RISK_MIN_BASELINE_FEN = 5_000 * 100
RISK_JUMP_RATIO = 2.0
RISK_DROP_RATIO = 0.4
RISK_RELATIVE_FACTOR = 1.8
# Game mix: total variation distance between a station's game shares over the last
# RISK_MIX_MONTHS months and those of the other stations of its district and kind;
# stations selling less than RISK_MIX_MIN_SALES_FEN in the window are too small to judge.
RISK_MIX_MONTHS = 3
RISK_MIX_DISTANCE = 0.35
RISK_MIX_MIN_SALES_FEN = 20_000 * 100
# Days to carry out an accepted risk-based (special) or ad-hoc inspection by default.
SPECIAL_INSPECTION_DAYS = 30

# --- Star rating (星级评定) ---

# Only stations holding at least this many city stars may be nominated to the province
# as provincial star stations (省级星级站点).
PROVINCIAL_MIN_STARS = 4
