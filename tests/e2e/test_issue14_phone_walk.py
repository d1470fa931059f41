"""The issue-14 pages walked on a phone (390×844) as each role that uses them — leadership,
station management, marketing, finance, district branches (瑞安, 鹿城), a station owner
(material requests, ticket orders, their cameras) and the administrator. From the home
page, every link into the big screen, monitoring, marketing, siting and reports is
followed (a few of each kind): every page opens (no 4xx/5xx, downloads included), speaks
Chinese (no English word, no raw code such as ``sales_jump``), fits the screen (no
sideways scrolling, nothing cut off at the right edge, no table column squeezed
to a character a line) and raises no JavaScript error.

The world is a small demo (40 stations, its sales, marketing and monitoring)."""

import re
from collections import deque
from urllib.parse import urlparse

import pytest

from fucai.core.tests.factories import ensure_regions
from fucai.core.tests.test_no_english import _VisibleText, english_words
from fucai.demo.builder import build_demo
from fucai.demo.orgs import DEMO_PASSWORD

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
AREAS = ("/screen/", "/monitoring/", "/marketing/", "/siting/", "/reports/")
# Followed by a request, not opened as a page: files and actions.
DOWNLOAD = re.compile(r"export|template|\.pdf|\.xlsx|download")
RAW_CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
PAGES_PER_ROLE = 10
PER_KIND = 2  # pages of one kind (same path with the numbers taken out, queries apart)
ROLES = ("leader", "stations", "marketing", "finance", "ruian", "lucheng", "owner", "admin")

# Elements past the right edge that no scrolling box of theirs holds.
CUT_OFF = """() => [...document.querySelectorAll('body *')].filter((el) => {
  const box = el.getBoundingClientRect();
  if (box.width === 0 || box.right <= window.innerWidth + 1) return false;
  for (let up = el.parentElement; up; up = up.parentElement) {
    const overflow = getComputedStyle(up).overflowX;
    if (overflow === 'auto' || overflow === 'scroll') return false;
  }
  return true;
}).slice(0, 3).map((el) => el.tagName + '.' + String(el.className))"""

# Table cells squeezed to a character or two a line (a name read downwards).
SQUEEZED = """() => [...document.querySelectorAll('td, th')].filter((cell) => {
  const style = getComputedStyle(cell);
  const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const range = document.createRange();
  range.selectNodeContents(cell);
  const lines = range.getBoundingClientRect().height / (1.3 * parseFloat(style.fontSize));
  return inner > 0 && inner < 2.5 * parseFloat(style.fontSize) && lines >= 3;
}).slice(0, 3).map((cell) => cell.textContent.trim().slice(0, 12))"""


@pytest.fixture
def demo():
    ensure_regions()
    build_demo(stations=40, recruitment=False, governance=False, charity=False)


def _kind(url: str) -> str:
    return re.sub(r"\d+", "N", url.split("?")[0])


def _visible(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def _walk(browser, live_server, username) -> tuple[list[str], list[str]]:
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"JS {error}"))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    login(page, username, DEMO_PASSWORD)
    findings, walked, seen, kinds = [], [], {"/"}, {}
    queue = deque(["/"])
    while queue and len(walked) < PAGES_PER_ROLE:
        path = queue.popleft()
        errors.clear()
        response = page.goto(path)
        walked.append(path)
        if response is None or response.status >= 400:
            findings.append(f"{username} {path}: HTTP {response and response.status}")
            continue
        html = page.content()
        if words := english_words(html):
            findings.append(f"{username} {path}: English {sorted(words)}")
        if codes := set(RAW_CODE.findall(_visible(html))):
            findings.append(f"{username} {path}: raw codes {sorted(codes)}")
        wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if wide > 1:
            findings.append(f"{username} {path}: {wide}px wider than the phone")
        if cut := page.evaluate(CUT_OFF):
            findings.append(f"{username} {path}: cut off at the right edge {cut}")
        if squeezed := page.evaluate(SQUEEZED):
            findings.append(f"{username} {path}: squeezed table cells {squeezed}")
        findings += [f"{username} {path}: {error}" for error in errors]
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            url = urlparse(href)
            target = url.path + (f"?{url.query}" if url.query else "")
            if url.netloc != urlparse(live_server.url).netloc or not url.path.startswith(AREAS):
                continue
            if target in seen:
                continue
            seen.add(target)
            if DOWNLOAD.search(target):
                status = context.request.get(target).status
                if status >= 400:
                    findings.append(f"{username} {target}: HTTP {status} (a file)")
                continue
            kinds[_kind(target)] = kinds.get(_kind(target), 0) + 1
            if kinds[_kind(target)] <= PER_KIND and "sort=" not in target:
                queue.append(target)
    context.close()
    return findings, walked


def test_the_issue_14_pages_on_a_phone_as_each_role(browser, live_server, demo):
    findings, walked = [], {}
    for username in ROLES:
        found, walked[username] = _walk(browser, live_server, username)
        findings += found
    assert findings == [], "\n".join(findings)
    # The walk reached each area its users work in.
    assert "/screen/" in walked["leader"] and "/reports/" in walked["leader"]
    assert any(path.startswith("/monitoring/cameras/") for path in walked["ruian"])
    assert any(path.startswith("/marketing/requests/") for path in walked["owner"])
    assert any(path.startswith("/siting/") for path in walked["marketing"])
