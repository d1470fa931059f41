"""The default courses (reference data, loaded by migration 0002): the five topics of
the province's syllabus for sales staff, the certification course whose exam issues
the sales certificate, and the refresher course that renews it. Each comes with a
starting question bank; staff add materials, sessions and more questions."""

import hashlib
import re

# (kind, text, options, indexes of the right options); true/false options are fixed.
TF = ["正确", "错误"]

QUESTIONS = {
    "responsible": [
        (
            "single",
            "向未成年人销售彩票的正确做法是？",
            ["允许", "家长陪同时允许", "一律不得销售", "小额可以"],
            [2],
        ),
        ("true_false", "销售员可以为购彩者垫付购彩资金（赊销）。", TF, [1]),
        (
            "multiple",
            "以下哪些属于倡导理性购彩的做法？",
            ["提醒量力而行", "劝阻借钱购彩", "鼓励加倍追号", "张贴理性购彩提示"],
            [0, 1, 3],
        ),
        ("true_false", "发现购彩者沉迷购彩时，销售员应当予以劝导。", TF, [0]),
    ],
    "rules": [
        (
            "single",
            "双色球每注由几个红色球号码和几个蓝色球号码组成？",
            ["6个红球、1个蓝球", "5个红球、2个蓝球", "7个红球、1个蓝球", "6个红球、2个蓝球"],
            [0],
        ),
        ("single", "福彩3D的投注号码由几位数字组成？", ["2位", "3位", "4位", "5位"], [1]),
        ("true_false", "彩票兑奖期限为开奖之日起60个自然日。", TF, [0]),
        (
            "multiple",
            "以下哪些是福利彩票的游戏？",
            ["双色球", "福彩3D", "七乐彩", "大乐透"],
            [0, 1, 2],
        ),
    ],
    "aml": [
        (
            "single",
            "单注中奖金额在多少元以上须到福彩中心兑奖并登记身份证件？",
            ["1万元", "5万元", "10万元", "100万元"],
            [0],
        ),
        ("true_false", "销售员可以为他人代领大额奖金并收取费用。", TF, [1]),
        (
            "multiple",
            "以下哪些情形应当报告福彩中心？",
            ["频繁大额收购中奖彩票", "要求拆分兑奖", "正常小额购彩", "使用他人证件兑奖"],
            [0, 1, 3],
        ),
    ],
    "terminal": [
        (
            "single",
            "销售终端出现故障时，销售员首先应当？",
            ["自行拆机维修", "停止销售并报修", "继续销售", "换用他人终端"],
            [1],
        ),
        ("true_false", "销售终端的登录密码可以告诉他人代为销售。", TF, [1]),
        (
            "single",
            "每日营业结束后，销售员应当？",
            ["直接关机离开", "按规定日结并妥善保管票据", "将终端带回家", "删除销售记录"],
            [1],
        ),
    ],
    "etiquette": [
        (
            "single",
            "购彩者询问开奖结果时，销售员应当？",
            ["不予理睬", "热情、准确地告知", "只告诉熟客", "收费后告知"],
            [1],
        ),
        ("true_false", "投注站内应保持整洁并公示销售许可证和服务监督电话。", TF, [0]),
        (
            "multiple",
            "以下哪些属于规范服务？",
            ["着装整洁", "文明用语", "与购彩者争吵", "耐心解答"],
            [0, 1, 3],
        ),
    ],
}

REFRESHER_QUESTIONS = [
    ("true_false", "销售许可证到期前应参加复训并通过考试以办理续期。", TF, [0]),
    ("single", "销售员上岗证的有效期一般为几年？", ["1年", "2年", "3年", "5年"], [2]),
    ("true_false", "证件过期后仍可继续上岗销售。", TF, [1]),
]

COURSES = [
    {
        "code": "responsible-gaming",
        "title": "责任彩票与理性购彩",
        "topic": "responsible",
        "kind": "general",
        "description": "不向未成年人售彩、不赊销、倡导理性购彩。",
        "questions": QUESTIONS["responsible"],
    },
    {
        "code": "game-rules",
        "title": "福彩游戏规则",
        "topic": "rules",
        "kind": "general",
        "description": "双色球、福彩3D、七乐彩、快乐8等游戏规则与兑奖规定。",
        "questions": QUESTIONS["rules"],
    },
    {
        "code": "anti-money-laundering",
        "title": "反洗钱与大额兑奖",
        "topic": "aml",
        "kind": "general",
        "description": "识别可疑交易，大额兑奖登记与报告。",
        "questions": QUESTIONS["aml"],
    },
    {
        "code": "terminal-operation",
        "title": "销售终端操作",
        "topic": "terminal",
        "kind": "general",
        "description": "终端开机、销售、兑奖、日结与故障报修。",
        "questions": QUESTIONS["terminal"],
    },
    {
        "code": "service-etiquette",
        "title": "服务礼仪与站点管理",
        "topic": "etiquette",
        "kind": "general",
        "description": "文明服务、站点形象与公示要求。",
        "questions": QUESTIONS["etiquette"],
    },
    {
        "code": "certification",
        "title": "销售员上岗资格培训",
        "topic": "all",
        "kind": "certification",
        "description": "五门课程的综合考试，合格者颁发销售员上岗证。",
        "questions": [q for topic in QUESTIONS.values() for q in topic],
        "exam": {
            "questions_drawn": 10,
            "time_limit_minutes": 30,
            "pass_mark": 80,
            "max_attempts": 3,
            "period_days": 30,
            "cooldown_minutes": 60,
        },
    },
    {
        "code": "refresher",
        "title": "上岗证复训",
        "topic": "all",
        "kind": "refresher",
        "description": "上岗证到期前60天内参加，考试合格即续期三年。",
        "questions": REFRESHER_QUESTIONS + QUESTIONS["responsible"] + QUESTIONS["aml"],
        "exam": {
            "questions_drawn": 8,
            "time_limit_minutes": 20,
            "pass_mark": 80,
            "max_attempts": 3,
            "period_days": 30,
            "cooldown_minutes": 30,
        },
    },
]


def question_key(kind: str, text: str) -> str:
    """A question's identity in its course's bank: its kind and its text, blanks
    ignored (re-importing a workbook finds the same question)."""
    normalized = re.sub(r"\s+", "", text)
    return hashlib.sha256(f"{kind}|{normalized}".encode()).hexdigest()


def load_default_courses(Course, Exam, Question) -> int:
    """Create the default courses that do not exist yet (by code); returns how many.
    Takes the model classes so that a migration can pass its historical ones."""
    created = 0
    for position, data in enumerate(COURSES, start=1):
        course, made = Course.objects.get_or_create(
            code=data["code"],
            defaults={
                "title": data["title"],
                "topic": data["topic"],
                "kind": data["kind"],
                "description": data["description"],
                "position": position * 10,
            },
        )
        if not made:
            continue
        created += 1
        Question.objects.bulk_create(
            Question(
                course=course,
                key=question_key(kind, text),
                kind=kind,
                text=text,
                options=list(options),
                answer=list(answer),
            )
            for kind, text, options, answer in data["questions"]
        )
        if "exam" in data:
            Exam.objects.create(course=course, **data["exam"])
    return created
