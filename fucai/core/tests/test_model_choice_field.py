"""core.form_fields.ModelChoiceField: the select Django renders, its options read once."""

from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fucai.core.form_fields import ModelChoiceField
from fucai.core.models import Region


class Listed(forms.Form):
    region = ModelChoiceField(queryset=Region.objects.all(), required=False, to_field_name="code")


class Plain(forms.Form):
    region = forms.ModelChoiceField(
        queryset=Region.objects.all(), required=False, to_field_name="code"
    )


def test_a_select_reads_its_options_in_one_query_however_often_rendered(db):
    form = Listed()
    with CaptureQueriesContext(connection) as queries:
        first, second = str(form["region"]), str(form["region"])
    assert len(queries) == 1  # Django's iterator reads them again for each rendering
    assert first == second == str(Plain()["region"])
    bound = Listed({"region": "330302"})
    assert str(bound["region"]) == str(Plain({"region": "330302"})["region"])
    assert 'value="330302" selected' in str(bound["region"])
    assert bound.is_valid() and bound.cleaned_data["region"].code == "330302"


def test_each_form_reads_the_options_afresh(db):
    str(Listed()["region"])
    Region.objects.filter(code="330302").update(name="鹿城（改）")
    assert "鹿城（改）" in str(Listed()["region"])
