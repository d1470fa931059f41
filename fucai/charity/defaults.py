"""Reference data a center starts with; loaded by a data migration, editable after.

The four activity series the seed's center ran in 2019 (福彩暖万家, 938福彩助力梦想 — with
the city's traffic radio FM93.8 —, 公益福彩·民政与你同行, 感受公益福彩)."""

# (name, description, order)
SERIES = [
    ("福彩暖万家", "走访慰问困难群众、资助困难大学新生（助圆大学梦）等帮扶活动", 1),
    ("938福彩助力梦想", "与温州交通广播FM93.8联合开展的圆梦公益活动", 2),
    ("公益福彩·民政与你同行", "与民政部门联合开展的扶老、助残、救孤、济困活动", 3),
    ("感受公益福彩", "邀请人大代表、政协委员、行风监督员、彩民和销售员走进受助项目", 4),
]


def load_reference_data(apps) -> None:
    """Create the default series that are missing (idempotent; ``apps`` is the migration
    state or django.apps.apps)."""
    series = apps.get_model("charity", "ActivitySeries")
    for name, description, order in SERIES:
        series.objects.get_or_create(
            name=name, defaults={"description": description, "sort_order": order}
        )
