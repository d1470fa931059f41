"""Step deadlines are typed and shown with the states' Chinese names, not their codes."""

import pytest
from django.utils import translation

from fucai.recruitment.forms import CallForm
from fucai.recruitment.tests.factories import CallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def _clean(text):
    form = CallForm()
    form.cleaned_data = {"sla_days": text}
    return form.clean_sla_days()


def test_lines_with_state_labels_become_codes():
    assert _clean("已提交: 2\n已受理：5\n") == {"submitted": 2, "accepted": 5}
    assert _clean('{"submitted": 3}') == {"submitted": 3}  # the old JSON still reads


@pytest.mark.parametrize("text", ["不存在的状态: 2", "已提交: 两天", "已提交", "已提交: 0"])
def test_bad_lines_are_refused_in_chinese(text):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        _clean(text)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(error.value.messages))


def test_an_edit_shows_the_labels():
    form = CallForm(instance=CallFactory(sla_days={"submitted": 2}))
    assert form["sla_days"].initial == "已提交: 2"
    assert "submitted" not in str(form["sla_days"].help_text)
