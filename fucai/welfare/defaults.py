"""Reference data the fund starts with; loaded by a data migration (and again by the
test conftest after a transactional test flushed the tables), editable after.

The retained share: the welfare fund is shared 50:50 between central and local
government (lottery-rules.md, [secondary]); the split of the local half between
province, city and counties is local rule and not known here, so the default keeps the
local half as "retained" with confidence *secondary* and says so in its source.

Approval chains: the department (charity) then finance; from 50万元 the leadership too.
"""

import datetime
from decimal import Decimal

YUAN = 100  # fen

RETENTION_RATES = [
    # (effective from, retained %, source, confidence)
    (
        datetime.date(2009, 1, 1),
        Decimal("50.00"),
        "彩票公益金中央与地方50:50分配（二手来源）；省、市、县分成比例未知，按地方留成一半计",
        "secondary",
    ),
]

LEADERSHIP_THRESHOLD_FEN = 500_000 * YUAN

APPROVAL_RULES = [
    # (kind, from amount in fen, roles in order)
    ("allocation", 0, ["charity", "finance"]),
    ("allocation", LEADERSHIP_THRESHOLD_FEN, ["charity", "finance", "leadership"]),
    ("disbursement", 0, ["charity", "finance"]),
    ("disbursement", LEADERSHIP_THRESHOLD_FEN, ["charity", "finance", "leadership"]),
    ("return", 0, ["charity", "finance"]),
]


def load_reference_data(apps) -> None:
    """Insert the defaults that are missing (idempotent; never overwrites edits)."""
    RetentionRate = apps.get_model("welfare", "RetentionRate")
    ApprovalRule = apps.get_model("welfare", "ApprovalRule")
    for effective_from, pct, source, confidence in RETENTION_RATES:
        RetentionRate.objects.get_or_create(
            effective_from=effective_from,
            defaults={"retained_pct": pct, "source": source, "confidence": confidence},
        )
    for kind, min_fen, steps in APPROVAL_RULES:
        ApprovalRule.objects.get_or_create(
            kind=kind, min_amount_fen=min_fen, defaults={"steps": steps}
        )
