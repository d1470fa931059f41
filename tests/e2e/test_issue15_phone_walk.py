"""The issue-15 pages used on a phone (390×844) as their users will.

First the public, with no account, files a complaint about the demo owner's station,
keeps the tracking code, and the district's branch (or station management, whichever
the assignment rules picked) takes it on and replies — on a phone; the complainant
follows it with the code and rates the reply; someone answers the evaluation survey
from a station's QR address; the public statistics page is read.

Then each role walks its pages from its home page, following every link into party
building, complaints, surveys, supervisors and notices (a few of each kind): the party
office (branches, members, activities, compliance, political birthdays, the evaluation
round, study records, supervisors), leadership (reads everything), station management,
the 鹿城 branch, the charity department, the station owner (notices, read one; their
complaints) and the public's complaint pages. Every page opens (no 4xx/5xx), speaks
Chinese (no English word, no raw code such as ``pending`` or ``service_station``),
fits the screen (no sideways scrolling, nothing cut off at the right edge, no table
column squeezed to a character a line), raises no JavaScript error and is no dead end:
its content links back or onward.

The world is a small demo (40 stations) with its party, notices and feedback data."""

import os
import re
from collections import deque
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fucai.core.tests.factories import ensure_regions
from fucai.core.tests.test_no_english import english_words
from fucai.demo.builder import build_demo
from fucai.demo.orgs import DEMO_PASSWORD
from fucai.feedback.models import Complaint
from fucai.feedback.tests.factories import SurveyQuestionFactory
from fucai.party.models import PartyActivity, PartyMember
from fucai.stations.models import Station

from .conftest import login
from .test_issue14_phone_walk import CUT_OFF, DOWNLOAD, PHONE, RAW_CODE, SQUEEZED, _kind, _visible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
AREAS = ("/party/", "/feedback/", "/notices/", "/public/complaints/", "/public/evaluation/")
# Pages that are not this issue's (built elsewhere): never followed.
OTHERS = ("/my/", "/facilities/", "/public/my/")
PAGES_PER_ROLE = 30
SHOTS = os.environ.get("FUCAI_WALK_SHOTS")  # a folder: a screenshot of each page
PER_KIND = 2
ROLES = ("party", "leader", "stations", "lucheng", "charity", "owner", None)  # None: public
# Where each walk starts (its home page first), then every link it finds is followed.
START = {
    "party": ["/", "/party/", "/party/evaluations/", "/feedback/supervisors/", "/party/me/"],
    # (and, added by the test, an activity's record form: its attendance ticks)
    "leader": ["/", "/party/", "/feedback/complaints/", "/feedback/surveys/", "/notices/"],
    "stations": ["/", "/feedback/complaints/"],
    "lucheng": ["/", "/feedback/complaints/"],
    "charity": ["/"],
    "owner": ["/", "/notices/", "/feedback/complaints/"],
    None: ["/public/", "/public/complaints/statistics/", "/public/complaints/track/"],
}
# Stricter than issue 14's check: plain-text table cells read four characters or fewer a
# line over three lines or more (a branch's name down a narrow column) or a short word
# broken over two (已举/办), and a page title squeezed beside its action buttons.
NARROW = """() => [...document.querySelectorAll('td, th')].filter((cell) => {
  if (cell.querySelector('div, .badge, br')) return false;  // lines by design
  const style = getComputedStyle(cell);
  const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const range = document.createRange();
  range.selectNodeContents(cell);
  const lines = range.getBoundingClientRect().height / (1.3 * parseFloat(style.fontSize));
  const text = cell.textContent.trim();
  const broken = text.length <= 4 && !text.includes(" ") && lines >= 1.8;  // 已举/办
  return inner > 0 && inner < 4.5 * parseFloat(style.fontSize) && (lines >= 3 || broken);
}).slice(0, 3).map((cell) => cell.textContent.trim().slice(0, 12))"""
TITLE_SQUEEZED = """() => [...document.querySelectorAll('.page-title, h1')].filter((title) => {
  const size = parseFloat(getComputedStyle(title).fontSize);
  return title.textContent.trim().length > 6 && title.getBoundingClientRect().width < 6 * size;
}).map((title) => title.textContent.trim().slice(0, 12))"""
DUPLICATE_IDS = """() => {
  const ids = [...document.querySelectorAll('[id]')].map((el) => el.id);
  return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))].slice(0, 5);
}"""
# Links of a page's content, the navigation bars and footers left out.
CONTENT_LINKS = """() => [...document.querySelectorAll(
  '.page-header a[href], .page-body a[href]')].map((a) => a.href)"""


@pytest.fixture
def demo():
    ensure_regions()
    build_demo(stations=40, recruitment=False, charity=False, marketing=False, monitoring=False)


def _phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def _check(page, who, path, findings, errors) -> None:
    if SHOTS:
        name = re.sub(r"[^\w-]+", "_", f"{who}{path}")
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)
    html = page.content()
    if words := english_words(html):
        findings.append(f"{who} {path}: English {sorted(words)}")
    if codes := set(RAW_CODE.findall(_visible(html))):
        findings.append(f"{who} {path}: raw codes {sorted(codes)}")
    wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if wide > 1:
        findings.append(f"{who} {path}: {wide}px wider than the phone")
    if cut := page.evaluate(CUT_OFF):
        findings.append(f"{who} {path}: cut off at the right edge {cut}")
    if squeezed := page.evaluate(SQUEEZED) or page.evaluate(NARROW):
        findings.append(f"{who} {path}: squeezed table cells {squeezed}")
    if titles := page.evaluate(TITLE_SQUEEZED):
        findings.append(f"{who} {path}: title squeezed beside the actions {titles}")
    # One id twice: a tap on the second one's label opens the first one's field.
    if twice := page.evaluate(DUPLICATE_IDS):
        findings.append(f"{who} {path}: ids used twice {twice}")
    # A tick box on a line of its own, its label on the next (a bare input in a check).
    if page.locator(".form-check > input:not(.form-check-input)").count():
        findings.append(f"{who} {path}: tick boxes apart from their labels")
    # Radio buttons drawn as drop-down boxes (a rating of 5 4 3 2 1 on the portal).
    if page.locator("input[type=radio].form-select, .form-select input[type=radio]").count():
        findings.append(f"{who} {path}: radio buttons drawn as drop-down boxes")
    here = urlparse(page.url)
    onward = {
        urlparse(href)._replace(fragment="").geturl()
        for href in page.evaluate(CONTENT_LINKS)
        if urlparse(href).netloc == here.netloc
        and urlparse(href).path != here.path
        and not DOWNLOAD.search(href)
    }
    if not onward:
        findings.append(f"{who} {path}: a dead end (no link back or onward)")
    findings += [f"{who} {path}: {error}" for error in errors]
    errors.clear()


def _walk(browser, live_server, username, starts) -> tuple[list[str], list[str]]:
    who = username or "public"
    context, page = _phone(browser, live_server)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"JS {error}"))
    page.on(
        "console",
        lambda m: m.type == "error" and "status of 4" not in m.text and errors.append(m.text),
    )
    if username:
        login(page, username, DEMO_PASSWORD)
    findings, walked, seen, kinds = [], [], set(starts), {}
    queue = deque(starts)
    host = urlparse(live_server.url).netloc
    while queue and len(walked) < PAGES_PER_ROLE:
        path = queue.popleft()
        errors.clear()
        response = page.goto(path)
        walked.append(path)
        if response is None or response.status >= 400:
            findings.append(f"{who} {path}: HTTP {response and response.status}")
            continue
        if path not in ("/", "/public/"):  # the homes are other issues' pages
            _check(page, who, path, findings, errors)
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            url = urlparse(href)
            target = url.path + (f"?{url.query}" if url.query else "")
            if url.netloc != host or not url.path.startswith(AREAS) or target in seen:
                continue
            if url.path.startswith(OTHERS):
                continue
            seen.add(target)
            if DOWNLOAD.search(target):
                status = context.request.get(target).status
                if status >= 400:
                    findings.append(f"{who} {target}: HTTP {status} (a file)")
                continue
            kinds[_kind(target)] = kinds.get(_kind(target), 0) + 1
            if kinds[_kind(target)] <= PER_KIND and "sort=" not in target:
                queue.append(target)
    context.close()
    return findings, walked


def _complain_handle_rate(browser, live_server, station) -> tuple[list[str], str]:
    """The public files a complaint, the assigned staff reply, the public rates it."""
    findings: list[str] = []
    context, page = _phone(browser, live_server)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"JS {error}"))
    page.goto("/public/complaints/")
    _check(page, "public", "/public/complaints/", findings, errors)
    page.select_option("#id_category", "payout")
    page.fill("#id_station", station.code)
    page.fill("#id_title", "中奖不给兑")
    page.fill("#id_text", "昨天中了200元，店主说零钱不够不给兑。")
    page.fill("#id_phone", "139 5770 0001")
    page.get_by_test_id("submit-complaint").click()
    expect(page.get_by_test_id("complaint-received")).to_be_visible()
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    _check(page, "public", "/public/complaints/<code>/?new=1", findings, errors)
    complaint = Complaint.objects.get(tracking_code=code)

    # Whoever the rules assigned it to takes it on and replies, on a phone.
    handled_by = ""
    for username in ("lucheng", "stations"):
        staff_context, staff = _phone(browser, live_server)
        staff.on("pageerror", lambda error: errors.append(f"JS {error}"))
        login(staff, username, DEMO_PASSWORD)
        staff.goto("/feedback/complaints/")
        link = staff.get_by_role("link", name="中奖不给兑")
        if link.count():
            handled_by = username
            link.first.click()
            staff.wait_for_url(f"**/feedback/complaints/{complaint.pk}/")
            _check(staff, username, "/feedback/complaints/N/", findings, errors)
            staff.get_by_test_id("accept").click()
            expect(staff.get_by_test_id("complaint-state")).to_contain_text("办理中")
            _check(staff, username, "/feedback/complaints/N/ (accepted)", findings, errors)
            staff.select_option("#id_outcome", "substantiated")
            staff.fill("#id_reply", "经核实情况属实，已责令该站当日兑奖并予以警告。")
            staff.get_by_test_id("send-reply").click()
            expect(staff.get_by_test_id("complaint-state")).to_contain_text("已回复")
            _check(staff, username, "/feedback/complaints/N/ (replied)", findings, errors)
        staff_context.close()
        if handled_by:
            break
    assert handled_by, f"neither lucheng nor stations sees the complaint ({complaint.pk})"

    page.goto("/public/complaints/track/")
    _check(page, "public", "/public/complaints/track/", findings, errors)
    page.fill("#id_code", code.lower())
    page.get_by_test_id("track-complaint").click()
    expect(page.get_by_test_id("public-reply")).to_contain_text("已责令该站当日兑奖")
    _check(page, "public", "/public/complaints/<code>/ (replied)", findings, errors)
    page.check("input[name=rating][value='4']")
    page.get_by_test_id("rate").click()
    expect(page.get_by_test_id("public-state")).to_have_text("已关闭")
    _check(page, "public", "/public/complaints/<code>/ (rated)", findings, errors)
    context.close()
    return findings, handled_by


def _answer_survey(browser, live_server, station) -> list[str]:
    """Station management opens the station's sheet (its QR address) from the survey's
    page; someone at the station opens that address and answers."""
    question = SurveyQuestionFactory(text="您对投注站服务的满意度")
    findings: list[str] = []
    errors: list[str] = []
    context, page = _phone(browser, live_server)
    page.on("pageerror", lambda error: errors.append(f"JS {error}"))
    login(page, "stations", DEMO_PASSWORD)
    page.goto(f"/feedback/surveys/{question.survey.pk}/")
    page.fill("#id_sheet_station", station.code)
    page.locator("[data-testid=station-sheet-form] button").click()
    page.wait_for_url(f"**/feedback/surveys/{question.survey.pk}/stations/{station.code}/")
    _check(page, "stations", "/feedback/surveys/N/stations/<code>/", findings, errors)
    address = urlparse(page.get_by_test_id("station-url").inner_text().strip())
    context.close()

    context, page = _phone(browser, live_server)
    page.on("pageerror", lambda error: errors.append(f"JS {error}"))
    path = f"{address.path}?{address.query}"
    assert path == f"/public/evaluation/{question.survey.pk}/?station={station.code}"
    page.goto(path)
    expect(page.get_by_test_id("survey-station")).to_contain_text(station.name)
    _check(page, "public", path, findings, errors)
    page.fill("#id_phone", "13957700042")
    page.check(f"input[name=q{question.pk}][value='5']")
    page.locator("[data-testid=survey-form] button[type=submit]").click()
    expect(page.get_by_test_id("flash-success")).to_be_visible()
    _check(page, "public", "(after the survey)", findings, errors)
    context.close()
    return findings


def _clerk_records_a_study(browser, live_server) -> list[str]:
    """The party office records a member's study on a phone, from the member's page."""
    findings: list[str] = []
    errors: list[str] = []
    member = PartyMember.objects.order_by("pk").first()
    context, page = _phone(browser, live_server)
    page.on("pageerror", lambda error: errors.append(f"JS {error}"))
    login(page, "party", DEMO_PASSWORD)
    page.goto(f"/party/members/{member.pk}/")
    page.get_by_label("主题").fill("学习二十届三中全会精神")  # the label opens its own field
    page.fill("#study_studied_on", f"{timezone.localdate():%Y-%m-%d}")
    page.fill("#study_hours", "2")
    page.fill("#study_points", "5")
    page.locator("form[action$='/study/'] button").click()
    page.wait_for_url(f"**/party/members/{member.pk}/")
    expect(page.get_by_text("学习二十届三中全会精神")).to_be_visible()
    _check(page, "party", "/party/members/N/ (study recorded)", findings, errors)
    context.close()
    return findings


def test_the_issue_15_pages_on_a_phone_as_each_role(browser, live_server, demo):
    station = Station.objects.filter(owner__user__username="owner").order_by("code").first()
    findings, handled_by = _complain_handle_rate(browser, live_server, station)
    findings += _answer_survey(browser, live_server, station)
    findings += _clerk_records_a_study(browser, live_server)
    activity = PartyActivity.objects.order_by("-planned_on").first()
    starts = {**START, "party": [*START["party"], f"/party/activities/{activity.pk}/record/"]}
    walked = {}
    for username in ROLES:
        found, walked[username] = _walk(browser, live_server, username, starts[username])
        findings += found
    assert findings == [], "\n".join(findings)
    # The walk reached the pages each role works with.
    party = walked["party"]
    for area in ("/party/members/", "/party/activities/", "/party/compliance/"):
        assert area in party, (area, party)
    assert any(re.match(r"/party/members/\d+/$", p) for p in party), party
    assert any(p.startswith("/party/evaluations/") for p in party), party
    assert any(p.startswith("/feedback/supervisors/") for p in party), party
    assert any(p.startswith("/party/") for p in walked["leader"])
    assert any(p.startswith("/feedback/complaints/") for p in walked["leader"])
    assert any(p.startswith("/feedback/surveys/") for p in walked["leader"])
    assert any(p.startswith("/feedback/supervisors/") for p in walked["leader"])
    assert any(p.startswith("/notices/") for p in walked["leader"])
    assert any(p.startswith("/feedback/complaints/") for p in walked[handled_by])
    assert any(re.match(r"/notices/\d+/$", p) for p in walked["owner"]), walked["owner"]
    assert any(p.startswith("/feedback/complaints/") for p in walked["owner"]), walked["owner"]
    assert "/public/complaints/" in walked[None]
