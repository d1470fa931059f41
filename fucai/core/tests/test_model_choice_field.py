"""core.form_fields.ModelChoiceField: the select Django renders, its options read once."""

from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fucai.core.form_fields import ModelChoiceField, RegionChoiceField
from fucai.core.models import Region
from fucai.core.scope import regions_visible


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


class Scoped(forms.Form):
    region = RegionChoiceField(required=False, to_field_name="code", empty_label="全部")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].limit_to(user)


class ScopedPlain(forms.Form):
    region = forms.ModelChoiceField(
        queryset=Region.objects.none(), required=False, to_field_name="code", empty_label="全部"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_visible(user)


def test_the_district_select_of_a_scope_prints_without_a_query(cast):
    for name in ("leader", "lucheng", "owner"):
        user = cast[name]
        expected = str(ScopedPlain(user=user)["region"])
        str(Scoped(user=user)["region"])  # the regions cached for every scope
        with CaptureQueriesContext(connection) as queries:
            printed = str(Scoped(user=user)["region"])
        assert printed == expected and len(queries) == 0, name
    lucheng = str(Scoped(user=cast["lucheng"])["region"])
    assert "330302" in lucheng and "330381" not in lucheng
    # A submitted district is checked in the database, against the user's scope.
    assert Scoped({"region": "330302"}, user=cast["lucheng"]).is_valid()
    assert not Scoped({"region": "330381"}, user=cast["lucheng"]).is_valid()
    assert 'value="330302" selected' in str(
        Scoped({"region": "330302"}, user=cast["lucheng"])["region"]
    )


def test_a_region_saved_or_deleted_is_in_the_next_select(cast):
    str(Scoped(user=cast["leader"])["region"])
    region = Region.objects.get(code="330302")
    region.name = "鹿城（改）"
    region.save()
    assert "鹿城（改）" in str(Scoped(user=cast["leader"])["region"])
    new = Region.objects.create(
        code="330399", name="新区", level="county", parent=region.parent, sort_order=99
    )
    assert "新区" in str(Scoped(user=cast["leader"])["region"])
    new.delete()
    assert "新区" not in str(Scoped(user=cast["leader"])["region"])
