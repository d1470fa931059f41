"""The rating schemes a center starts with (version 1 of each), loaded by a data
migration and edited through the scheme pages after (each edit a new version).

Labels are data in the center's language, as staff type them. Points per criterion go
from 0 to 100 by bands over the criterion's metric; the total is the weighted average
of the criteria that could be assessed (a criterion without data — complaints until the
feedback app exists — is shown as "no data" and leaves the total alone).
"""

# Metrics a criterion may score (computed per station and year by ratings/metrics.py).
METRICS = (
    "sales_yuan",
    "sales_growth_pct",
    "premises_area",
    "inspection_pct",
    "violations",
    "certified_sellers",
    "insurance_pct",
    "complaints",
)

GRADING_CRITERIA = [
    {
        "code": "sales",
        "label": "年销量",
        "metric": "sales_yuan",
        "weight": 30,
        "direction": "up",
        "bands": [[2500000, 100], [1500000, 85], [900000, 70], [500000, 55], [0, 30]],
    },
    {
        "code": "growth",
        "label": "销量增长",
        "metric": "sales_growth_pct",
        "weight": 10,
        "direction": "up",
        "bands": [[10, 100], [0, 80], [-10, 60], [-25, 40], [-1000, 20]],
    },
    {
        "code": "premises",
        "label": "营业面积",
        "metric": "premises_area",
        "weight": 10,
        "direction": "up",
        "bands": [[80, 100], [50, 85], [30, 70], [20, 55], [0, 30]],
    },
    {
        "code": "inspection",
        "label": "年检得分",
        "metric": "inspection_pct",
        "weight": 20,
        "direction": "up",
        "bands": [[95, 100], [90, 90], [85, 80], [75, 65], [60, 50], [0, 0]],
    },
    {
        "code": "violations",
        "label": "违规次数",
        "metric": "violations",
        "weight": 15,
        "direction": "down",
        "bands": [[0, 100], [1, 50], [2, 20], [1000, 0]],
    },
    {
        "code": "certification",
        "label": "持证在岗销售员",
        "metric": "certified_sellers",
        "weight": 5,
        "direction": "up",
        "bands": [[2, 100], [1, 80], [0, 0]],
    },
    {
        "code": "insurance",
        "label": "责任险覆盖",
        "metric": "insurance_pct",
        "weight": 5,
        "direction": "up",
        "bands": [[100, 100], [90, 60], [0, 0]],
    },
    {
        "code": "complaints",
        "label": "有效投诉",
        "metric": "complaints",
        "weight": 5,
        "direction": "down",
        "bands": [[0, 100], [2, 60], [1000, 0]],
    },
]

GRADE_BANDS = [["A", 85], ["B", 70], ["C", 55], ["D", 0]]

# First rule that matches wins: a station run beside another business (兼营) is a
# combined shop whatever its size; a dedicated one large and selling much is flagship.
CLASS_RULES = [
    {"class": "combined", "mode": "combined"},
    {"class": "flagship", "min_area": 80, "min_sales_yuan": 1500000},
    {"class": "dedicated"},
]

STAR_CRITERIA = [
    {**GRADING_CRITERIA[0], "weight": 25},
    {**GRADING_CRITERIA[1], "weight": 5},
    {**GRADING_CRITERIA[2], "weight": 15},
    {**GRADING_CRITERIA[3], "weight": 25},
    {**GRADING_CRITERIA[4], "weight": 15},
    {**GRADING_CRITERIA[5], "weight": 5},
    {**GRADING_CRITERIA[6], "weight": 5},
    {**GRADING_CRITERIA[7], "weight": 5},
]

STAR_BANDS = [[5, 88], [4, 78], [3, 65], [2, 50], [1, 0]]


def load_default_schemes(apps) -> None:
    scheme = apps.get_model("governance", "RatingScheme")
    if not scheme.objects.filter(kind="grading").exists():
        scheme.objects.create(
            kind="grading",
            version=1,
            name="投注站分类分级评分方案",
            criteria=GRADING_CRITERIA,
            bands=GRADE_BANDS,
            class_rules=CLASS_RULES,
        )
    if not scheme.objects.filter(kind="stars").exists():
        scheme.objects.create(
            kind="stars",
            version=1,
            name="投注站星级评定评分方案",
            criteria=STAR_CRITERIA,
            bands=STAR_BANDS,
        )
