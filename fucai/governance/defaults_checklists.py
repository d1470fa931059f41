"""The default checklists a center starts with, one per inspection kind; loaded by a
data migration (idempotent: a code that exists is never touched, so a center's own
edits and versions survive) and editable after.

The annual checklist (年检) follows the duties a welfare-lottery station takes on in its
agency contract and the provincial station-management rules: licences displayed and
sellers certified; the premises marked and carrying the notices players must see; the
four selling offences (minors, credit, remote selling, illegal lotteries) and the
unlicensed station, each of which fails the inspection whatever the score; terminals and
money; fire safety and surveillance; service and the welfare message. Weights add up to
100 so that the score reads as a percentage.
"""

# Answer types and severities as stored (fucai.governance.choices).
PF, SCORE, NUMBER, TEXT, PHOTO = "pass_fail", "score", "number", "text", "photo"
MINOR, MAJOR, CRITICAL = "minor", "major", "critical"

# (code, text, weight, answer type, critical, severity, guidance)
ANNUAL_SECTIONS = [
    (
        "经营资质",
        [
            (
                "A01",
                "代销证（福利彩票销售许可证）在有效期内并悬挂于醒目位置",
                3,
                PHOTO,
                True,
                CRITICAL,
                "未悬挂或无有效代销证的，本次年检不合格。拍摄悬挂位置照片。",
            ),
            (
                "A02",
                "营业执照在有效期内并在场所内公示",
                3,
                PF,
                False,
                MAJOR,
                "核对执照名称、经营者与代销合同是否一致。",
            ),
            (
                "A03",
                "在岗销售员均持有效销售员证上岗",
                3,
                PF,
                False,
                MAJOR,
                "逐一核对在岗人员证件，记录未持证人员姓名。",
            ),
            (
                "A04",
                "代销合同在有效期内，实际经营者与合同签约人一致",
                3,
                PF,
                False,
                MAJOR,
                "发现转让、转租或挂靠经营的，在备注中写明。",
            ),
            ("A05", "站点名称、地址与登记一致，未擅自迁址", 3, PF, False, MAJOR, ""),
            ("A06", "责任保险在保险期内", 2, PF, False, MINOR, "查看保单原件或电子保单。"),
        ],
    ),
    (
        "场所环境",
        [
            (
                "B01",
                "门头标识统一规范、完好整洁，夜间灯箱正常",
                2,
                PHOTO,
                False,
                MINOR,
                "拍摄门头全景照片。",
            ),
            (
                "B02",
                "醒目位置张贴责任彩票提示及“不得向未成年人销售彩票和兑奖”标识",
                3,
                PF,
                True,
                CRITICAL,
                "无责任彩票或未成年人提示的，本次年检不合格。",
            ),
            ("B03", "及时公示最近一期开奖公告", 2, PF, False, MINOR, ""),
            ("B04", "走势图、玩法规则、返奖比例展示完整并及时更新", 2, PF, False, MINOR, ""),
            ("B05", "公示兑奖须知、中心监督投诉电话", 2, PF, False, MINOR, ""),
            (
                "B06",
                "营业场所整洁、布局合理、通道畅通",
                4,
                SCORE,
                False,
                MINOR,
                "0 分：脏乱；2 分：一般；4 分：整洁有序。",
            ),
            ("B07", "宣传品为中心统一配发，无过期或自制夸大宣传", 2, PF, False, MINOR, ""),
        ],
    ),
    (
        "销售行为",
        [
            (
                "C01",
                "不向未成年人销售彩票、不向未成年人兑奖",
                5,
                PF,
                True,
                CRITICAL,
                "询问销售员处理办法，查看近期监控抽查记录。",
            ),
            (
                "C02",
                "无赊销、信用投注行为",
                5,
                PF,
                True,
                CRITICAL,
                "查看记账本、欠条及微信转账记录，发现赊销即判不合格。",
            ),
            (
                "C03",
                "不通过互联网、电话、微信等方式销售彩票或代购",
                5,
                PF,
                True,
                CRITICAL,
                "检查微信群、朋友圈及电话预约记录。",
            ),
            (
                "C04",
                "不销售私彩、境外彩票或其他非法彩票",
                5,
                PF,
                True,
                CRITICAL,
                "发现非法彩票的，拍照取证并立即报告。",
            ),
            (
                "C05",
                "按规定时间营业，无擅自停业或超时销售",
                3,
                PF,
                False,
                MAJOR,
                "核对终端开关机记录与公示营业时间。",
            ),
            ("C06", "兑奖规范：按规定当场兑付，不截留奖金、不收取费用", 3, PF, False, MAJOR, ""),
            ("C07", "出票规范：彩票当场交付购彩者，不代为保管彩票", 3, PF, False, MAJOR, ""),
            ("C08", "无诱导性宣传、无夸大中奖概率或承诺中奖", 3, PF, False, MAJOR, ""),
            ("C09", "销售员统一着装、佩戴工作牌", 2, PF, False, MINOR, ""),
        ],
    ),
    (
        "设备与资金",
        [
            ("D01", "销售终端放置在登记场所内，无私自移机、外借或转让", 3, PF, False, MAJOR, ""),
            ("D02", "终端密码、操作卡专人保管，无他人代操作", 3, PF, False, MAJOR, ""),
            ("D03", "销售资金按时足额缴存，无欠款", 4, PF, False, MAJOR, "核对近三个月缴款记录。"),
            ("D04", "检查当日终端账户余额（元）", 1, NUMBER, False, MINOR, ""),
            ("D05", "票纸、耗材规范存放，无丢失", 2, PF, False, MINOR, ""),
            ("D06", "终端故障及时报修并有记录", 1, PF, False, MINOR, ""),
        ],
    ),
    (
        "安全管理",
        [
            (
                "E01",
                "配备在有效期内的灭火器，消防通道畅通",
                3,
                PHOTO,
                False,
                MAJOR,
                "拍摄灭火器及压力表照片。",
            ),
            ("E02", "安装视频监控并保存录像不少于 30 天", 3, PF, False, MAJOR, ""),
            ("E03", "电气线路规范，无私拉乱接", 2, PF, False, MAJOR, ""),
            ("E04", "现金与票据妥善保管（保险柜或收银箱）", 2, PF, False, MINOR, ""),
        ],
    ),
    (
        "服务与公益",
        [
            (
                "F01",
                "服务态度：文明用语、耐心解答玩法与兑奖问题",
                3,
                SCORE,
                False,
                MINOR,
                "暗访或现场观察后打分，0–3 分。",
            ),
            ("F02", "展示福彩公益金用途及公益活动宣传", 2, PF, False, MINOR, ""),
            ("F03", "设置彩民意见簿，投诉有登记、有处理", 2, PF, False, MINOR, ""),
            ("F04", "按时参加中心组织的培训和业务会议", 1, PF, False, MINOR, ""),
            ("F05", "检查员总体意见", 0, TEXT, False, MINOR, ""),
        ],
    ),
]

ROUTINE_SECTIONS = [
    (
        "日常巡查",
        [
            ("R01", "代销证悬挂于醒目位置", 10, PF, True, CRITICAL, ""),
            ("R02", "责任彩票及未成年人提示完好", 10, PF, True, CRITICAL, ""),
            ("R03", "按公示时间营业", 10, PF, False, MAJOR, ""),
            ("R04", "开奖公告、走势图及时更新", 10, PF, False, MINOR, ""),
            ("R05", "销售员持证上岗、着装规范", 10, PF, False, MAJOR, ""),
            ("R06", "场所整洁、通道畅通", 10, SCORE, False, MINOR, ""),
            ("R07", "灭火器在有效期内", 10, PF, False, MAJOR, ""),
            ("R08", "无赊销、无网络电话售彩迹象", 20, PF, True, CRITICAL, ""),
            ("R09", "现场照片", 10, PHOTO, False, MINOR, "拍摄门头及销售区照片。"),
            ("R10", "巡查意见", 0, TEXT, False, MINOR, ""),
        ],
    ),
]

SPECIAL_SECTIONS = [
    (
        "销售异常核查",
        [
            (
                "S01",
                "核对异常期间的终端销售明细与站点台账",
                15,
                PF,
                False,
                MAJOR,
                "对照风险提示中的日期与金额逐笔核对。",
            ),
            (
                "S02",
                "停业、暂停期间终端未开机销售",
                15,
                PF,
                True,
                CRITICAL,
                "查看终端开关机记录及监控录像。",
            ),
            ("S03", "无网络、电话、微信代购或大额集中投注", 15, PF, True, CRITICAL, ""),
            ("S04", "无赊销、信用投注", 15, PF, True, CRITICAL, ""),
            ("S05", "无私彩或非法彩票", 10, PF, True, CRITICAL, ""),
            ("S06", "玩法结构异常有合理解释（如派奖、大奖效应）", 10, PF, False, MAJOR, ""),
            ("S07", "资金缴存与销量相符", 10, PF, False, MAJOR, ""),
            ("S08", "取证照片", 10, PHOTO, False, MINOR, ""),
            ("S09", "核查结论", 0, TEXT, False, MINOR, ""),
        ],
    ),
]

MYSTERY_SECTIONS = [
    (
        "暗访体验",
        [
            (
                "M01",
                "未成年人（模拟）购彩被拒绝",
                20,
                PF,
                True,
                CRITICAL,
                "按中心暗访规程进行，不得诱导。",
            ),
            ("M02", "提出赊账购彩被拒绝", 20, PF, True, CRITICAL, ""),
            ("M03", "电话或微信预约代购被拒绝", 20, PF, True, CRITICAL, ""),
            ("M04", "服务态度与玩法讲解", 10, SCORE, False, MINOR, ""),
            ("M05", "兑奖流程规范", 10, PF, False, MAJOR, ""),
            ("M06", "出票后彩票当场交付", 10, PF, False, MAJOR, ""),
            ("M07", "无诱导性宣传", 10, PF, False, MAJOR, ""),
            ("M08", "暗访记录", 0, TEXT, False, MINOR, ""),
        ],
    ),
]

# (code, kind, name, description, sections)
DEFAULT_CHECKLISTS = [
    (
        "annual-standard",
        "annual",
        "投注站年度检查表",
        "年检年审使用的标准检查表，满分 100 分；任一否决项不合格即年检不合格。",
        ANNUAL_SECTIONS,
    ),
    ("routine-standard", "routine", "投注站日常巡查表", "分中心日常巡查使用。", ROUTINE_SECTIONS),
    (
        "special-standard",
        "special",
        "销售异常专项检查表",
        "风险提示（销量异常、停业期间销售、玩法结构异常）触发的专项检查。",
        SPECIAL_SECTIONS,
    ),
    ("mystery-standard", "mystery", "投注站暗访表", "暗访人员以购彩者身份体验。", MYSTERY_SECTIONS),
]


def load_default_checklists(apps) -> int:
    """Create each default checklist whose code does not exist yet, as version 1 and
    current. Returns how many were created (0 on a re-run)."""
    Template = apps.get_model("governance", "ChecklistTemplate")
    Section = apps.get_model("governance", "ChecklistSection")
    Item = apps.get_model("governance", "ChecklistItem")
    created = 0
    for code, kind, name, description, sections in DEFAULT_CHECKLISTS:
        if Template.objects.filter(code=code).exists():
            continue
        template = Template.objects.create(
            code=code, version=1, kind=kind, name=name, description=description, is_current=True
        )
        for section_order, (title, items) in enumerate(sections, start=1):
            section = Section.objects.create(template=template, order=section_order, title=title)
            Item.objects.bulk_create(
                Item(
                    template=template,
                    section=section,
                    order=order,
                    code=item_code,
                    text=text,
                    weight=weight,
                    answer_type=answer_type,
                    critical=critical,
                    severity=severity,
                    guidance=guidance,
                )
                for order, (
                    item_code,
                    text,
                    weight,
                    answer_type,
                    critical,
                    severity,
                    guidance,
                ) in enumerate(items, start=1)
            )
        created += 1
    return created
