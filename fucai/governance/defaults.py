"""Reference data a center starts with; loaded by a data migration and editable after.

Visit purposes are the six of 三服务三助力. The penalty table follows the usual scale
of a provincial welfare-lottery station-management rule: a warning first, then a fine,
a suspension and finally termination of the agency contract; selling illegal private
lotteries or selling online ends the contract at once or nearly so.
"""

# (code, name, group, order)
VISIT_PURPOSES = [
    ("serve_station", "服务站点", "service", 1),
    ("serve_sales", "服务销售", "service", 2),
    ("serve_players", "服务彩民", "service", 3),
    ("help_sales", "助力销售", "help", 4),
    ("help_image", "助力形象", "help", 5),
    ("help_welfare", "助力公益", "help", 6),
]

YUAN = 100  # fen

# violation type → [(occurrence, penalty, fine in fen, suspension days), ...]
PENALTY_TABLE = {
    "minors": [
        (1, "warning", 0, 0),
        (2, "fine", 2000 * YUAN, 0),
        (3, "suspension", 2000 * YUAN, 30),
        (4, "termination", 0, 0),
    ],
    "credit": [
        (1, "warning", 0, 0),
        (2, "fine", 1000 * YUAN, 0),
        (3, "suspension", 1000 * YUAN, 15),
        (4, "termination", 0, 0),
    ],
    "online": [(1, "suspension", 5000 * YUAN, 30), (2, "termination", 0, 0)],
    "private_lottery": [(1, "termination", 0, 0)],
    "no_licence": [
        (1, "warning", 0, 0),
        (2, "fine", 500 * YUAN, 0),
        (3, "suspension", 500 * YUAN, 7),
    ],
    "no_responsible_gaming": [
        (1, "warning", 0, 0),
        (2, "fine", 500 * YUAN, 0),
        (3, "suspension", 500 * YUAN, 7),
    ],
    "uncertified_seller": [
        (1, "warning", 0, 0),
        (2, "fine", 1000 * YUAN, 0),
        (3, "suspension", 1000 * YUAN, 15),
    ],
    "closed_hours": [
        (1, "warning", 0, 0),
        (2, "fine", 1000 * YUAN, 0),
        (3, "suspension", 1000 * YUAN, 15),
    ],
    "other": [(1, "warning", 0, 0), (2, "fine", 500 * YUAN, 0)],
}


def load_reference_data(apps) -> None:
    """Insert the defaults that are missing (idempotent; never overwrites edits)."""
    VisitPurpose = apps.get_model("governance", "VisitPurpose")
    PenaltyRule = apps.get_model("governance", "PenaltyRule")
    for code, name, group, order in VISIT_PURPOSES:
        VisitPurpose.objects.get_or_create(
            code=code, defaults={"name": name, "group": group, "order": order}
        )
    for violation_type, rows in PENALTY_TABLE.items():
        for occurrence, penalty, fine_fen, days in rows:
            PenaltyRule.objects.get_or_create(
                violation_type=violation_type,
                occurrence=occurrence,
                defaults={"penalty": penalty, "fine_fen": fine_fen, "suspension_days": days},
            )
