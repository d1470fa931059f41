"""Values in the center's words: distances, shares, avatars, file types."""

import pytest
from django.contrib.auth import get_user_model

from fucai.core.templatetags.fucai import distance, file_kind, initials, share
from fucai.recruitment.templatetags.survey import rule_limit, rule_value

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("metres", "text"),
    [(850, "850 米"), (562.7, "563 米"), (1234, "1.2 公里"), ("2157.2", "2.2 公里"), (None, "—")],
)
def test_distances_carry_chinese_units(metres, text):
    assert distance(metres) == text


def test_shares_are_percentages():
    assert share(4 / 7) == "57.1%" and share(None) == "—" and share(1) == "100.0%"


@pytest.mark.parametrize(
    ("display_name", "username", "text"),
    [
        ("张伟", "zw", "张伟"),
        ("陈建国", "leader", "建国"),
        ("", "admin", "A"),
        ("Li Lei", "ll", "L"),
    ],
)
def test_avatar_initials_of_chinese_names_are_chinese(display_name, username, text):
    user = get_user_model()(username=username, display_name=display_name)
    assert initials(user) == text


def test_file_types_in_words():
    assert file_kind("image/png") == "PNG 图片" and file_kind("application/pdf") == "PDF 文件"


def test_survey_rules_show_labels_and_units():
    assert rule_value({"code": "station_distance", "value": 562.7}) == "563 米"
    assert rule_limit({"code": "school_distance", "limit": 200}) == "≥ 200 米"
    education = {"code": "education", "value": "college", "limit": "high_school"}
    assert rule_value(education) == "大专"
    assert rule_limit(education) == "高中/中专及以上"
    assert rule_limit({"code": "age", "limit": [18, 60]}) == "18–60 岁"
    assert rule_value({"code": "residency", "value": True}) == "是"
