"""The award kinds the center gives each year (表彰), loaded by migration 0006 and
editable afterwards: names and criteria are the center's own published wording (data,
in Chinese), the rule names a nomination rule of services/commendations.py."""

DEFAULT_AWARDS = (
    {
        "code": "excellent_station",
        "name": "优秀投注站",
        "subject": "station",
        "rule": "top_stations",
        "places": 20,
        "sort_order": 1,
        "criteria": "全年无违规记录；按年度分类分级等级、星级评定星级和销量同比增长计算综合得分，"
        "得分排名靠前者提名。",
    },
    {
        "code": "excellent_seller",
        "name": "优秀销售员",
        "subject": "seller",
        "rule": "certified_sellers",
        "places": 30,
        "sort_order": 2,
        "criteria": "持有效销售员上岗证、年末在岗；所在投注站全年无违规记录，按投注站综合得分"
        "排名提名，每站至多一名。",
    },
    {
        "code": "charity_star",
        "name": "公益之星",
        "subject": "station",
        "rule": "sales_growth",
        "places": 10,
        "sort_order": 3,
        "criteria": "全年无违规记录；年度销量（筹集公益金）同比增长率居全市前列。",
    },
)


def load_default_awards(apps) -> None:
    AwardKind = apps.get_model("governance", "AwardKind")
    for award in DEFAULT_AWARDS:
        AwardKind.objects.update_or_create(code=award["code"], defaults=award)


def ensure_default_awards() -> None:
    """Load the default award kinds when there are none at all (a database flushed
    after its migrations ran, such as a test database after a transactional test)."""
    from django.apps import apps

    if not apps.get_model("governance", "AwardKind").objects.exists():
        load_default_awards(apps)
