"""Charity activities on the portal, on a phone: a visitor goes from the year's
announcement to its activities, filters by series, opens one and reads its story with
its public photo and counts — and no person helped is named."""

import datetime

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from fucai.charity.models import ActivityPhoto, Beneficiary, Benefit
from fucai.charity.tests.factories import ActivityFactory, image_upload, series
from fucai.core.tests.factories import id_number, region
from fucai.welfare import services
from fucai.welfare.tests.factories import funded_project

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _world(cast):
    project = funded_project(cast, name="福彩暖万家项目")
    disclosure = services.disclosure_generate(acting_user=cast["finance"], year=2019, reach={})
    services.disclosure_set_foreword(
        acting_user=cast["finance"],
        disclosure=disclosure,
        foreword="现将2019年度公益金使用情况公告如下。",
    )
    for user, action in (("finance", "submit"), ("leader", "approve"), ("leader", "publish")):
        services.disclosure_transition(acting_user=cast[user], disclosure=disclosure, action=action)
    warm, dream = series("福彩暖万家"), series("938福彩助力梦想")
    visit = ActivityFactory(
        series=warm,
        project=project,
        status="published",
        title="重阳节走进敬老院",
        story="中心志愿者为老人送去慰问品。",
        held_on=datetime.date(2019, 10, 7),
    )
    ActivityFactory(series=dream, project=project, status="published", title="助力梦想进校园",
                    story="为困难学生送去学习用品。")  # fmt: skip
    ActivityFactory(series=warm, project=project, status="held", title="未公开的活动")
    for n, public in ((1, True), (2, False)):
        photo = ActivityPhoto(activity=visit, caption=f"照片{n}", public=public)
        photo.file.save(f"p{n}.jpg", ContentFile(image_upload().read()), save=True)
    person = Beneficiary.objects.create(
        name="欧阳秀英", id_number=id_number(321), region=region("330302"), category="elderly"
    )
    Benefit.objects.create(
        beneficiary=person, activity=visit, kind="goods", received_on=visit.held_on
    )


def test_a_visitor_reads_the_activities_of_the_year_on_a_phone(page, cast):
    _world(cast)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/public/disclosures/2019/")
    expect(page.locator("body")).to_contain_text("现将2019年度公益金使用情况公告如下。")
    page.get_by_test_id("activities-link").click()
    listing = page.get_by_test_id("activity-list")
    expect(listing).to_contain_text("重阳节走进敬老院")
    expect(listing).to_contain_text("助力梦想进校园")
    expect(listing).not_to_contain_text("未公开的活动")
    expect(page.get_by_test_id("activity-totals")).to_contain_text("2 场活动")
    # Filter by series (the select submits itself).
    page.select_option("#activity-series", label="福彩暖万家")
    expect(page.get_by_test_id("public-activity")).to_have_count(1)
    page.get_by_test_id("public-activity").click()
    expect(page.get_by_test_id("activity-story")).to_contain_text("中心志愿者为老人送去慰问品。")
    expect(page.get_by_test_id("activity-reached")).to_have_text("1")
    photos = page.get_by_test_id("activity-photos").locator("img")
    expect(photos).to_have_count(1)
    # The photo is lazy-loaded: bring it into view, then wait until it has
    # decoded (on a busy machine it arrives after the assertions above).
    photos.first.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => { const img = document.querySelector('[data-testid=activity-photos] img');"
        " return img.complete && img.naturalWidth > 0; }",
        timeout=10_000,
    )
    expect(page.locator("body")).not_to_contain_text("欧阳秀英")
    # Nothing is wider than the phone.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
