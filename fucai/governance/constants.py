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
