"""The project's JavaScript never turns data into HTML: no innerHTML-style sinks, and every
ECharts tooltip (rendered as HTML) is built by fucai.textTooltip, which escapes each line.
Chart labels and legends are drawn on the canvas as text. The browser test
tests/e2e/test_chart_escaping.py shows hostile names in real tooltips."""

import re
from pathlib import Path

import pytest

SCRIPTS = sorted((Path(__file__).resolve().parents[3] / "static" / "fucai").glob("*.js"))
SINKS = re.compile(r"\.(innerHTML|outerHTML)\s*\+?=|insertAdjacentHTML|document\.write")


def _tooltip_blocks(source: str) -> list[str]:
    blocks = []
    for match in re.finditer(r"\btooltip:\s*\{", source):
        depth, end = 0, match.end() - 1
        for end in range(match.end() - 1, len(source)):
            depth += {"{": 1, "}": -1}.get(source[end], 0)
            if depth == 0:
                break
        blocks.append(source[match.start() : end + 1])
    return blocks


def test_the_scripts_are_found():
    assert {path.name for path in SCRIPTS} >= {"charts.js", "recruitment.js", "fucai.js"}


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda path: path.name)
def test_no_script_writes_html_from_strings(path):
    assert SINKS.findall(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda path: path.name)
def test_every_tooltip_formatter_escapes(path):
    for block in _tooltip_blocks(path.read_text(encoding="utf-8")):
        for formatter in re.finditer(r"\bformatter:\s*(\S+)", block):
            assert formatter.group(1).startswith("window.fucai.textTooltip("), block


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda path: path.name)
def test_no_string_template_formatter_carries_html(path):
    assert re.findall(r"formatter:\s*[\"'][^\"']*<", path.read_text(encoding="utf-8")) == []
