"""The station owner's portal on a phone (390×844): the owner signs in and lands on
/my/, opens an unread notice (the read receipt is recorded), answers a rectification
order through the existing reply page reached from /my/, opens their station and
downloads a month's commission statement as a PDF; no page is wider than the phone."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from fucai.core.tests.factories import PASSWORD, region
from fucai.governance.choices import RectificationStatus
from fucai.governance.models import RectificationOrder, RectificationReply
from fucai.governance.tests.factories import RectificationOrderFactory
from fucai.notices.models import NoticeRecipient
from fucai.notices.tests.factories import NoticeRecipientFactory
from fucai.sales.rollups import recompute_months
from fucai.sales.tests.factories import SalesDayFactory, game
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
D = datetime.date

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

# Table cells squeezed to a character or two a line (a game name read downwards).
SQUEEZED = """() => [...document.querySelectorAll('td, th')].filter((cell) => {
  const style = getComputedStyle(cell);
  const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const range = document.createRange();
  range.selectNodeContents(cell);
  const lines = range.getBoundingClientRect().height / (1.3 * parseFloat(style.fontSize));
  return inner > 0 && inner < 2.5 * parseFloat(style.fontSize) && lines >= 3;
}).slice(0, 3).map((cell) => cell.textContent.trim().slice(0, 12))"""


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda m: (
            errors.append(m.text) if m.type == "error" and "status of 400" not in m.text else None
        ),
    )
    yield page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


@pytest.fixture
def world(cast):
    station = StationFactory(
        code="33030301",
        name="五马街站",
        region=region("330302"),
        owner=StationOwnerFactory(user=cast["owner"], name="王业主"),
    )
    # March 2019: SSQ 1,234.56 yuan (7% → 86.42) and GGL 500 yuan (8% → 40.00).
    SalesDayFactory(station=station, game=game("SSQ"), date=D(2019, 3, 5), sales_fen=100_000)
    SalesDayFactory(station=station, game=game("SSQ"), date=D(2019, 3, 6), sales_fen=23_456)
    SalesDayFactory(station=station, game=game("GGL"), date=D(2019, 3, 7), sales_fen=50_000)
    recompute_months(
        [
            (station.pk, game("SSQ").pk, D(2019, 3, 1)),
            (station.pk, game("GGL").pk, D(2019, 3, 1)),
        ]
    )
    order = RectificationOrderFactory(
        station=station,
        problem="未张贴理性购彩提示",
        status=RectificationStatus.OPEN,
        deadline_on=datetime.date.today() + datetime.timedelta(days=7),
    )
    receipt = NoticeRecipientFactory(
        user=cast["owner"], notice__title="关于做好国庆期间安全销售工作的通知"
    )
    return {"station": station, "order": order, "receipt": receipt}


def _fits(page) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 1, f"{page.url}: {wide}px wider than the phone"
    assert page.evaluate(CUT_OFF) == [], f"{page.url}: cut off at the right edge"
    assert page.evaluate(SQUEEZED) == [], f"{page.url}: squeezed table cells"


def test_an_owner_reads_a_notice_answers_a_rectification_and_downloads_a_statement(
    phone, cast, world
):
    login(phone, "owner", PASSWORD)
    expect(phone).to_have_url(re.compile(r"/my/$"))
    expect(phone.get_by_test_id("station-card")).to_have_count(1)
    expect(phone.get_by_test_id("station-card")).to_contain_text("五马街站")
    _fits(phone)

    # An unread notice: opening it records the read receipt.
    phone.get_by_test_id("notice-task").click()
    expect(phone.locator("body")).to_contain_text("关于做好国庆期间安全销售工作的通知")
    expect(phone.get_by_test_id("notice")).to_contain_text("阅读时间")
    _fits(phone)
    world["receipt"].refresh_from_db()
    assert world["receipt"].read_at is not None
    phone.goto("/my/")
    expect(phone.get_by_test_id("notice-task")).to_have_count(0)

    # The rectification order to answer, through the existing reply page.
    task = phone.get_by_test_id("rectification-task")
    expect(task).to_contain_text(world["order"].number)
    expect(task).to_contain_text(world["order"].deadline_on.isoformat())
    task.click()
    expect(phone.get_by_test_id("problem")).to_have_text("未张贴理性购彩提示")
    _fits(phone)
    phone.get_by_label("整改情况").fill("已在柜台张贴理性购彩提示")
    phone.get_by_role("button", name="提交回复").click()
    expect(phone.get_by_test_id("order-status")).to_have_text("已回复")
    assert RectificationOrder.objects.get(pk=world["order"].pk).status == "replied"
    assert RectificationReply.objects.get(order=world["order"]).author == cast["owner"]
    phone.goto("/my/")
    expect(phone.get_by_test_id("rectification-task")).to_have_count(0)

    # The station's page, then March 2019's commission statement and its PDF.
    phone.get_by_test_id("station-card").click()
    expect(phone).to_have_url(re.compile(r"/my/33030301/$"))
    expect(phone.get_by_test_id("chart-months").locator("canvas")).to_have_count(1)
    expect(phone.get_by_test_id("games-table")).to_contain_text("双色球")
    _fits(phone)
    phone.get_by_test_id("commission-link").click()
    _fits(phone)
    phone.get_by_test_id("statement-link").filter(has_text="2019-03").click()
    expect(phone).to_have_url(re.compile(r"/my/33030301/commission/2019-03/$"))
    expect(phone.get_by_test_id("total-commission")).to_have_text("¥126.42")
    expect(phone.locator("tr[data-game=SSQ]")).to_contain_text("¥86.42")
    expect(phone.locator("tr[data-game=GGL]")).to_contain_text("¥40.00")
    _fits(phone)
    with phone.expect_download() as download:
        phone.get_by_test_id("statement-pdf").click()
    assert download.value.suggested_filename == "commission-33030301-2019-03.pdf"
    with open(download.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert NoticeRecipient.objects.get(pk=world["receipt"].pk).read_at is not None
