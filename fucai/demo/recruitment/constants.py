"""What the recruitment demo plans: the call, the draw, the demo applicant's phone, and
how many applications end in each state, by which steps."""

from __future__ import annotations

CALL_TITLE = "温州市2019年福利彩票投注站常态化公开征召公告"
DRAW_REGION = "330305"  # 洞头: few places, many applicants — a public draw decides
DRAW_SEED = "20191115-3D-258"
APPLICANT_PHONE = "13957700000"  # the demo `applicant` signs in on the portal with it
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
FLOW = ["submit", "accept", "assign", "survey", "review", "notice", "pass", "approve",
        "schedule", "sign", "station"]  # fmt: skip

# How many applications end in each state: (name, steps, count).
RETURN = ["submit", "return", "resubmit"]
PLAN: list[tuple[str, list[str], int]] = [
    ("draft", [], 13),
    ("submitted", FLOW[:1], 12),
    ("resubmitted", RETURN, 3),
    ("returned", ["submit", "return"], 6),
    ("accepted", FLOW[:2], 8),
    ("survey_assigned", FLOW[:3], 8),
    ("resubmitted_survey", RETURN + FLOW[1:3], 2),
    ("surveyed", FLOW[:4], 8),
    ("approved_for_notice", FLOW[:5], 4),
    ("in_notice", FLOW[:6], 8),
    ("notice_passed", FLOW[:7], 4),
    ("objection_resolved", [*FLOW[:6], "objection", "resolve", "approve"], 1),
    ("objection_upheld", [*FLOW[:6], "objection", "uphold"], 1),
    ("approved", FLOW[:8], 5),
    ("contract_scheduled", FLOW[:9], 5),
    ("contract_signed", FLOW[:10], 4),
    ("station_created", FLOW, 7),
    ("station_after_correction", RETURN + FLOW[1:], 2),
    ("rejected_documents", ["submit", "reject"], 4),
    ("rejected_review", [*FLOW[:4], "review_reject"], 3),
    ("withdrawn", ["submit", "withdraw"], 5),
]
OVERDUE = {"submitted": 3, "survey_assigned": 2, "approved": 1}
SCHOOL_KINDS = ["实验小学", "第一小学", "第二小学", "中心幼儿园", "实验中学", "第二中学"]
RETURN_REASONS = [
    "房产证明照片不清晰，请重新拍摄上传。",
    "租赁合同缺少出租方签字页，请补充。",
    "身份证背面未上传，请补充。",
]
