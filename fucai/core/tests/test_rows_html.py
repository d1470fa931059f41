"""core.tables.rows_html prints rows as the template loop it replaces printed them."""

import re

from django.template import engines
from django.utils.safestring import mark_safe

from fucai.core.tables import badge, rows_html
from fucai.stations.tables import ROW_HTML

# stations/_station_table.html's loop before its rows were printed in Python.
TEMPLATE_LOOP = """{% for row in rows %}
      <tr>
        <td><a href="{{ row.url }}" class="fw-semibold">{{ row.code }}</a></td>
        <td><a href="{{ row.url }}" class="text-reset">{{ row.name }}</a><div class="small text-secondary d-none d-md-block text-truncate fucai-address">{{ row.address }}</div></td>
        <td>{{ row.region }}</td>
        <td class="d-none d-md-table-cell">{{ row.kind }}</td>
        <td class="d-none d-lg-table-cell">{{ row.station_class }}</td>
        <td class="d-none d-xl-table-cell">{{ row.owner }}</td>
        <td class="d-none d-sm-table-cell">{{ row.grade }}</td>
        <td class="d-none d-sm-table-cell">{{ row.stars }}</td>
        <td>{{ row.status }}{{ row.insurance }}</td>
        <td class="d-none d-lg-table-cell text-nowrap">{{ row.opened_on }}</td>
      </tr>
    {% endfor %}"""  # noqa: E501


def _squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


def test_rows_print_as_the_template_printed_them():
    rows = [
        {
            "url": "/stations/33030001/",
            "code": "33030001",
            "name": '<script>alert("x")</script> & 福彩',
            "address": "鹿城区 'quoted' <b>",
            "region": "鹿城",
            "kind": "电脑票",
            "station_class": "A",
            "owner": None,
            "grade": mark_safe('<span class="badge bg-green-lt" title="2019">A</span>'),
            "stars": mark_safe('<span class="text-warning text-nowrap" title="2019">★★★</span>'),
            "status": badge("active", "营业<中>"),
            "insurance": badge("missing", "未投保<>"),
            "opened_on": "2019-01-01",
        },
        {
            "url": "/stations/33030002/",
            "code": "33030002",
            "name": "plain",
            "address": "",
            "region": "瑞安",
            "kind": "即开票",
            "station_class": "B",
            "owner": "王五",
            "grade": "—",
            "stars": "",
            "status": badge("closed", "停业"),
            "insurance": "",
            "opened_on": "—",
        },
    ]
    expected = engines["django"].from_string(TEMPLATE_LOOP).render({"rows": rows})
    printed = rows_html(rows, ROW_HTML)
    assert _squeeze(printed) == _squeeze(expected)
    assert "&lt;script&gt;" in printed and "<script>" not in printed
    assert '<span class="badge bg-green-lt">营业&lt;中&gt;</span>' in printed
