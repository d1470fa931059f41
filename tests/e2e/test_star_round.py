"""The star round (星级评定) in the browser: the owner self-assesses on a phone with a
photo, the district passes the application on, the city records its site check and
publishes, and the station's page shows the stars."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fucai.core.tests.factories import PASSWORD, region
from fucai.governance.models import StarApplication
from fucai.governance.services.stars import star_round_open
from fucai.governance.tests.factories import PNG_BYTES
from fucai.stations.tests.factories import (
    InsurancePolicyFactory,
    StationFactory,
    StationOwnerFactory,
)

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def person(browser, live_server):
    """A fresh browser per person (``person(phone=True)`` for a phone-sized one)."""
    contexts, errors = [], []

    def open_for(username, phone=False):
        options = {"viewport": PHONE, "is_mobile": True, "has_touch": True} if phone else {}
        context = browser.new_context(base_url=live_server.url, locale="zh-CN", **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "console",
            lambda m: (
                errors.append(m.text)
                if m.type == "error" and "status of 400" not in m.text
                else None
            ),
        )
        login(page, username, PASSWORD)
        return page

    yield open_for
    for context in contexts:
        context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def test_self_assessment_to_published_stars(person, cast):
    today = timezone.localdate()
    station = StationFactory(
        region=region("330302"), owner=StationOwnerFactory(user=cast["owner"]), name="鹿城星级站"
    )
    InsurancePolicyFactory(station=station, starts_on=datetime.date(2015, 1, 1))
    round_ = star_round_open(
        acting_user=cast["stations"],
        year=today.year - 1,
        apply_from=today - datetime.timedelta(days=1),
        apply_until=today + datetime.timedelta(days=10),
    )

    owner = person("owner", phone=True)
    owner.goto(f"/stations/{station.code}/?tab=ratings")
    owner.get_by_test_id("apply-stars").click()
    form = owner.get_by_test_id("apply-form")
    form.locator("#id_stars_applied").select_option("4")
    premises = form.locator("fieldset[data-criterion='premises']")
    premises.locator("#id_points_premises").fill("90")
    premises.locator("#id_note_premises").fill("门店宽敞明亮")
    premises.locator("#photos_premises").set_input_files(
        {"name": "门店.png", "mimeType": "image/png", "buffer": PNG_BYTES}
    )
    owner.get_by_test_id("submit-application").click()
    expect(owner.get_by_test_id("star-status")).to_contain_text("已提交")
    expect(owner.get_by_test_id("evidence-photo")).to_have_count(1)
    application = StarApplication.objects.get(round=round_, station=station)

    district = person("lucheng")
    district.goto(f"/governance/stars/{application.pk}/")
    expect(district.get_by_test_id("breakdown")).to_contain_text("门店宽敞明亮")
    district.get_by_test_id("district-review").click()
    modal = district.locator("#modal")
    modal.get_by_label("通过并报市中心").check()
    modal.get_by_test_id("modal-submit").click()
    expect(district.get_by_test_id("star-status")).to_contain_text("区县审核通过")

    city = person("stations")
    city.goto(f"/governance/stars/{application.pk}/")
    city.get_by_test_id("city-review").click()
    modal = city.locator("#modal")
    modal.locator("#id_site_check").select_option("passed")
    modal.locator("#id_site_check_notes").fill("现场核查：店容整洁")
    modal.locator("#id_stars").select_option(str(application.computed_stars))
    modal.get_by_test_id("modal-submit").click()
    expect(city.get_by_test_id("site-check")).to_contain_text("实地核查通过")
    city.goto(f"/governance/stars/?year={round_.year}")
    city.get_by_test_id("publish-round").click()
    expect(city.get_by_test_id("star-table")).to_contain_text("已发布")

    owner.goto(f"/stations/{station.code}/?tab=ratings")
    stars = "★" * application.computed_stars
    expect(owner.get_by_test_id("published-stars")).to_contain_text(stars)


def test_nominating_provincial_stars_and_recording_the_reply(person, cast):
    from fucai.governance.services import stars as services

    today = timezone.localdate()
    round_ = star_round_open(
        acting_user=cast["stations"],
        year=today.year - 1,
        apply_from=today - datetime.timedelta(days=1),
        apply_until=today + datetime.timedelta(days=10),
    )
    stations = []
    for n in range(3):
        station = StationFactory(region=region("330302"), name=f"省级候选{n}")
        application = services.star_apply(
            acting_user=cast["stations"],
            round=round_,
            station=station,
            self_assessment={},
            stars_applied=5,
        )
        services.star_district_review(
            acting_user=cast["lucheng"], application=application, approve=True
        )
        services.star_city_review(
            acting_user=cast["stations"],
            application=application,
            site_checked_on=today,
            site_check="passed",
            stars=5,
            comment="核定五星",
        )
        stations.append(station)
    services.star_round_publish(acting_user=cast["stations"], round=round_)

    city = person("stations", phone=True)
    city.goto(f"/governance/stars/?year={round_.year}")
    city.get_by_test_id("nominate-many").click()
    expect(city.get_by_test_id("candidate-table").locator("tbody tr")).to_have_count(3)
    city.get_by_test_id("pick-all").check()
    city.get_by_test_id("nominate-selected").click()
    expect(city.get_by_test_id("nominee-table").locator("tbody tr")).to_have_count(3)
    city.get_by_label(stations[0].code).check()
    city.get_by_test_id("record-reply").click()
    expect(city.get_by_test_id("approved-count")).to_have_text("1")
    expect(city.get_by_test_id("decided-table")).to_contain_text("省中心已认定")
    stations[0].refresh_from_db()
    assert stations[0].provincial_star_year == round_.year


def test_the_owner_adds_and_removes_evidence_after_applying_on_a_phone(person, cast):
    from fucai.governance.services import stars as services

    today = timezone.localdate()
    station = StationFactory(region=region("330302"), owner=StationOwnerFactory(user=cast["owner"]))
    round_ = star_round_open(
        acting_user=cast["stations"],
        year=today.year - 1,
        apply_from=today - datetime.timedelta(days=1),
        apply_until=today + datetime.timedelta(days=10),
    )
    application = services.star_apply(
        acting_user=cast["owner"],
        round=round_,
        station=station,
        self_assessment={},
        stars_applied=3,
    )
    owner = person("owner", phone=True)
    owner.goto(f"/governance/stars/{application.pk}/")
    form = owner.get_by_test_id("evidence-form")
    form.locator("select[name=criterion]").select_option("premises")
    form.locator("input[name=photo]").set_input_files(
        {"name": "店内.png", "mimeType": "image/png", "buffer": PNG_BYTES}
    )
    owner.get_by_test_id("add-photo").click()
    expect(owner.get_by_test_id("evidence-photo")).to_have_count(1)
    owner.get_by_test_id("remove-photo").click()
    expect(owner.get_by_test_id("evidence-photo")).to_have_count(0)
    owner.get_by_test_id("add-photo").wait_for()
    form = owner.get_by_test_id("evidence-form")
    form.locator("input[name=photo]").set_input_files(
        {"name": "店外.png", "mimeType": "image/png", "buffer": PNG_BYTES}
    )
    owner.get_by_test_id("add-photo").click()
    expect(owner.get_by_test_id("evidence-photo")).to_have_count(1)

    district = person("lucheng")
    district.goto(f"/governance/stars/{application.pk}/")
    expect(district.get_by_test_id("evidence-photo")).to_have_count(1)
    expect(district.get_by_test_id("evidence-form")).to_have_count(0)
