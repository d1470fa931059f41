"""The checklist the demo inspects with, and how answers become a score.

The default annual checklist ships as the governance app's data migration
(``plan_default_checklists``, topic "plan"); until that lands, ``annual_checklist``
creates a minimal one under the same code when none exists. The demo answers whatever
checklist is current, so the merged migration's items replace these without a change here.

``score`` follows ChecklistItem's rule (a SCORE item 0..weight, PASS_FAIL all or nothing,
NUMBER / TEXT earn their weight when answered, PHOTO with at least one photo; a critical
failure fails the inspection whatever the score; a pass needs PASS_SHARE_PERCENT of the
maximum). It stands in for the field topic's scoring service until merge, when the demo
must call that one instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from fucai.governance.choices import (
    AnswerType,
    InspectionKind,
    InspectionResult,
    Severity,
    ViolationType,
)
from fucai.governance.constants import PASS_SHARE_PERCENT
from fucai.governance.models import ChecklistItem, ChecklistSection, ChecklistTemplate

ANNUAL_CODE = "annual-default"

P, S, N, T, PH = (
    AnswerType.PASS_FAIL,
    AnswerType.SCORE,
    AnswerType.NUMBER,
    AnswerType.TEXT,
    AnswerType.PHOTO,
)
C, MAJ, MIN = Severity.CRITICAL, Severity.MAJOR, Severity.MINOR

# section → [(code, item, weight, answer type, severity, critical, what a failure looks like)]
# fmt: off
MINIMAL_ANNUAL: list[tuple[str, list[tuple[str, str, int, str, str, bool, str]]]] = [
    ("经营资质", [
        ("A01", "代销证（销售许可证）在醒目位置悬挂公示", 5, P, C, True, "代销证未悬挂公示"),
        ("A02", "代销合同在有效期内，实际经营者与登记业主一致", 5, P, MAJ, False,
         "实际经营者与登记业主不一致"),
        ("A03", "销售人员持证上岗，与备案名单一致", 5, P, MAJ, False, "一名销售员未持证上岗"),
        ("A04", "营业执照、责任险保单等资料齐全在店", 4, P, MIN, False, "责任险保单未留存在店"),
        ("A05", "在用销售终端数量（台）", 2, N, MIN, False, ""),
        ("A06", "本次检查接待人及在岗情况", 4, T, MIN, False, ""),
    ]),
    ("场所环境", [
        ("B01", "门头标识、福彩标志规范统一", 5, S, MIN, False, "门头灯箱破损"),
        ("B02", "店内整洁，无杂物堆放", 5, S, MIN, False, "店内杂物堆放"),
        ("B03", "开奖公告、走势图及时更新", 4, P, MIN, False, "开奖公告未及时更新"),
        ("B04", "门店外观照片", 3, PH, MIN, False, ""),
        ("B05", "消防器材配备，无安全隐患", 3, P, MAJ, False, "灭火器过期未更换"),
    ]),
    ("销售行为", [
        ("C01", "未向未成年人销售彩票", 5, P, C, True, "现场发现向未成年人售彩"),
        ("C02", "无赊销、信用投注行为", 5, P, C, True, "存在赊销记录"),
        ("C03", "无利用互联网、电话等方式销售彩票", 5, P, C, True, "通过微信群代购彩票"),
        ("C04", "无销售私彩及非法彩票", 5, P, C, True, "店内发现私彩投注单"),
        ("C05", "在规定营业时间内销售", 4, P, MAJ, False, "超出规定营业时间销售"),
        ("C06", "兑奖流程规范，及时兑付中奖彩票", 4, P, MAJ, False, "小奖兑付不及时"),
        ("C07", "彩票票面清晰，出票与投注单一致", 3, P, MIN, False, "票面打印不清晰"),
        ("C08", "张贴“禁止向未成年人销售彩票”标识", 4, P, MIN, False,
         "未张贴禁止向未成年人售彩标识"),
    ]),
    ("责任彩票与公益宣传", [
        ("D01", "张贴责任彩票提示（理性购彩）", 5, P, C, True, "未张贴责任彩票提示"),
        ("D02", "福彩公益宣传资料摆放", 4, S, MIN, False, "公益宣传资料缺失"),
        ("D03", "设置意见簿或公示投诉电话", 3, P, MIN, False, "未公示投诉电话"),
    ]),
    ("资金与设备", [
        ("E01", "按时足额缴纳销售款，无欠款", 4, P, MAJ, False, "销售款延迟缴纳"),
        ("E02", "终端设备运行正常，未私自移机", 4, P, MAJ, False, "终端私自移机"),
    ]),
]
# fmt: on

# What a failed critical item is, as a violation, by the words of the item (so the merged
# default checklist, whose codes differ, maps the same way). Order matters: the first
# keyword found wins.
_VIOLATION_KEYWORDS = (
    ("未成年", ViolationType.MINORS),
    ("赊", ViolationType.CREDIT),
    ("互联网", ViolationType.ONLINE),
    ("网络", ViolationType.ONLINE),
    ("私彩", ViolationType.PRIVATE_LOTTERY),
    ("非法彩票", ViolationType.PRIVATE_LOTTERY),
    ("责任彩票", ViolationType.NO_RESPONSIBLE_GAMING),
    ("理性", ViolationType.NO_RESPONSIBLE_GAMING),
    ("持证", ViolationType.UNCERTIFIED_SELLER),
    ("营业时间", ViolationType.CLOSED_HOURS),
    ("许可证", ViolationType.NO_LICENCE),
    ("代销证", ViolationType.NO_LICENCE),
)


def violation_type_for(text: str) -> str:
    for keyword, violation_type in _VIOLATION_KEYWORDS:
        if keyword in text:
            return violation_type
    return ViolationType.OTHER


# A failure's remark (the order's "problem"), for the minimal checklist's items.
FAILURE_REMARKS = {code: remark for _, rows in MINIMAL_ANNUAL for code, *_, remark in rows}


def annual_checklist() -> tuple[ChecklistTemplate, list[ChecklistItem]]:
    """The current 'annual-default' checklist and its items in answering order;
    created (minimal) if the database has none."""
    template = ChecklistTemplate.objects.filter(code=ANNUAL_CODE, is_current=True).first()
    if template is None:
        template = ChecklistTemplate.objects.create(
            code=ANNUAL_CODE,
            kind=InspectionKind.ANNUAL,
            name="投注站年度检查表",
            description="演示用最小年检检查表（默认检查表随数据迁移发布后以其为准）。",
        )
        for order, (title, rows) in enumerate(MINIMAL_ANNUAL, start=1):
            section = ChecklistSection.objects.create(template=template, order=order, title=title)
            ChecklistItem.objects.bulk_create(
                ChecklistItem(
                    template=template,
                    section=section,
                    order=n,
                    code=code,
                    text=text,
                    weight=weight,
                    answer_type=answer_type,
                    severity=severity,
                    critical=critical,
                )
                for n, (code, text, weight, answer_type, severity, critical, _) in enumerate(
                    rows, start=1
                )
            )
    items = list(
        ChecklistItem.objects.filter(template=template)
        .select_related("section")
        .order_by("section__order", "order", "id")
    )
    return template, items


@dataclass
class Answer:
    """An answer before it becomes an InspectionAnswer row."""

    item: ChecklistItem
    passed: bool | None = None
    score: Decimal | None = None
    number: Decimal | None = None
    text: str = ""
    comment: str = ""
    photos: int = 0


@dataclass(frozen=True)
class Score:
    score: Decimal
    max_score: Decimal
    result: str
    critical_failed: bool


def score(answers: list[Answer]) -> Score:
    earned = Decimal(0)
    maximum = Decimal(0)
    critical_failed = False
    for answer in answers:
        item = answer.item
        weight = Decimal(item.weight)
        maximum += weight
        if item.answer_type == AnswerType.PASS_FAIL:
            earned += weight if answer.passed else 0
        elif item.answer_type == AnswerType.SCORE:
            earned += min(weight, max(Decimal(0), answer.score or Decimal(0)))
        elif item.answer_type == AnswerType.NUMBER:
            earned += weight if answer.number is not None else 0
        elif item.answer_type == AnswerType.TEXT:
            earned += weight if answer.text.strip() else 0
        elif item.answer_type == AnswerType.PHOTO:
            earned += weight if answer.photos else 0
        if item.critical and answer.passed is False:
            critical_failed = True
    passed = not critical_failed and earned * 100 >= maximum * PASS_SHARE_PERCENT
    return Score(
        earned,
        maximum,
        InspectionResult.PASSED if passed else InspectionResult.FAILED,
        critical_failed,
    )
