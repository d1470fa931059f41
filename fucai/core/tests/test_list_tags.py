"""Tags that replaced templates included in every row: their markup, escaping and the
fixed cost of the lists that use them."""

from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from fucai.core import audit
from fucai.core.models import AuditEntry, Region

pytestmark = pytest.mark.django_db


def _render(source: str, **context) -> str:
    return engines["django"].from_string("{% load fucai %}" + source).render(context)


@pytest.mark.parametrize(
    ("value", "html"),
    [
        (None, '<span class="text-secondary">—</span>'),
        (
            Decimal("3.9"),
            '<span class="text-green text-nowrap" title="同比"><i class="ti ti-trending-up"></i>'
            " +3.9%</span>",
        ),
        (
            Decimal("-12.5"),
            '<span class="text-red text-nowrap" title="同比"><i class="ti ti-trending-down"></i>'
            " -12.5%</span>",
        ),
        (Decimal("0.0"), '<span class="text-secondary text-nowrap">0.0%</span>'),
    ],
)
def test_yoy_prints_a_growth_rate(value, html):
    assert _render("{% yoy value %}", value=value) == html


def test_changes_lists_each_field_escaped():
    entry = AuditEntry(
        changes={
            "name": {"label": "名称", "old": "<old>", "new": "<new>"},
            "area": {"label": "面积", "old": "", "new": 49},
            "closed_on": {"label": "关停日期", "old": "2019-01-01", "new": None},
        }
    )
    assert _render("{% changes entry %}", entry=entry) == (
        '<div><span class="text-secondary">名称:</span> <del class="text-danger">&lt;old&gt;'
        '</del> → <span class="text-success">&lt;new&gt;</span></div>'
        '<div><span class="text-secondary">面积:</span> <span class="text-success">49</span>'
        "</div>"
        '<div><span class="text-secondary">关停日期:</span> <del class="text-danger">2019-01-01'
        '</del> → <span class="text-success">—</span></div>'
    )


def _entries(n: int, cast) -> None:
    region = Region.objects.first()
    with transaction.atomic():
        for i in range(n):
            audit.record(
                actor=cast["admin"],
                action="update",
                obj=region,
                changes={"name": {"label": "名称", "old": f"a{i}", "new": f"b{i}"}},
            )


def test_the_audit_list_costs_the_same_queries_for_3_or_40_entries(client, cast):
    client.force_login(cast["admin"])
    _entries(3, cast)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("core:audit")).status_code == 200
    _entries(37, cast)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("core:audit"))
    assert len(few) == len(many)
    assert '<del class="text-danger">a36</del> → <span class="text-success">b36</span>' in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "query",
    ["", "q=%E7%A6%8F+%E5%BD%A9&page=3", "sort=-code&region=330302&export=xlsx", "sort=name"],
)
def test_sort_links_keep_the_filters_and_toggle_the_order(rf, query):
    request = rf.get("/stations/?" + query)
    sort = request.GET.get("sort", "")
    printed = _render(
        '{% sort_link "code" "代码" %}|{% sort_link "name" label %}',
        request=request,
        sort=sort,
        label="<名称>",
    )

    def expected(key, label):  # the query Django's QueryDict prints
        params = request.GET.copy()
        params.pop("page", None)
        params.pop("export", None)
        params["sort"] = f"-{key}" if sort == key else key
        arrow = {key: " ↑", f"-{key}": " ↓"}.get(sort, "")
        encoded = escape(params.urlencode())
        return (
            f'<a href="?{encoded}" class="table-sort-link" hx-get="?{encoded}" '
            f'hx-target="#results" hx-push-url="true">{label}{arrow}</a>'
        )

    assert printed == expected("code", "代码") + "|" + expected("name", "&lt;名称&gt;")
