"""A new seller on a phone: signs in and lands on their learning, watches the course
video (the player seeks through range requests and reports progress), takes the
certification exam against the countdown, passes, sees the certificate among their
own, and the public verification page confirms it."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from fucai.core.choices import Role
from fucai.core.tests.factories import PASSWORD, UserFactory, region
from fucai.stations.models import Certificate
from fucai.stations.tests.factories import SalesStaffFactory, StaffAssignmentFactory, StationFactory
from fucai.training.defaults import load_default_courses
from fucai.training.models import Course, Exam, ExamAttempt, MaterialProgress, Question
from fucai.training.tests.factories import video_material

from .conftest import CHROMIUM

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser, live_server):
    assert CHROMIUM
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" else None,
    )
    yield page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def test_a_new_seller_passes_the_exam_and_the_public_page_confirms_the_certificate(phone):
    page = phone
    load_default_courses(Course, Exam, Question)  # transactional tests flush reference data
    course = Course.objects.get(kind="certification")
    video = video_material(course)
    user = UserFactory(username="newseller", role=Role.SELLER)
    seller = SalesStaffFactory(name="张小福", user=user)
    StaffAssignmentFactory(staff=seller, station=StationFactory(region=region("330302")))

    # Signing in lands on the learning page (我的学习).
    page.goto("/accounts/login/")
    page.fill("#id_username", "newseller")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    expect(page.get_by_test_id("courses")).to_be_visible()
    page.locator("[data-testid=course][data-code=certification]").click()

    # The video: its file answers range requests; the player reports how far it got.
    page.get_by_test_id("material").first.click()
    player = page.get_by_test_id("video")
    expect(player).to_be_visible()
    file_url = reverse("training:material_file", args=[video.pk])
    ranged = page.request.get(file_url, headers={"Range": "bytes=0-99"})
    assert ranged.status == 206 and ranged.headers["content-range"].startswith("bytes 0-99/")
    # Seek to the end (the browser fetches the part it needs with a Range request) and
    # pause: the player reports its position and the video counts as watched.
    duration = page.evaluate(
        """() => new Promise((resolve) => {
          const v = document.querySelector("video");
          const seek = () => { v.currentTime = v.duration - 0.2; };
          v.addEventListener("seeked", () => {
            v.dispatchEvent(new Event("pause"));
            resolve(v.duration);
          }, { once: true });
          if (v.readyState >= 1) { seek(); }
          else { v.addEventListener("loadedmetadata", seek, { once: true }); }
        })"""
    )
    assert 9 < duration < 11
    expect(page.get_by_test_id("progress-note")).to_contain_text("已完成")
    progress = MaterialProgress.objects.get(learner=seller, material=video)
    assert progress.completed_at is not None and progress.furthest_seconds >= 9
    page.go_back()

    # The exam: a countdown, answers saved as they are given, then handed in.
    page.get_by_test_id("start-exam").click()
    expect(page.get_by_test_id("clock")).to_have_text(re.compile(r"^(29|30):\d\d$"))
    attempt = ExamAttempt.objects.get(learner=seller)
    answers = {
        item.position: item.question.answer for item in attempt.items.select_related("question")
    }
    for position, chosen in answers.items():
        question = page.locator(f"[data-testid=question][data-position='{position}']")
        for index in chosen:
            question.locator(f"input[value='{index}']").check()
    expect(page.locator("[x-text=saveNote]")).to_have_text("已保存答案")
    page.get_by_test_id("submit-exam").click()
    expect(page.get_by_test_id("verdict")).to_have_text("合格")
    expect(page.get_by_test_id("score")).to_have_text("100")
    certificate = Certificate.objects.get(holder=seller)
    expect(page.get_by_test_id("certificate-issued")).to_contain_text(certificate.number)

    # Among the seller's own certificates.
    page.get_by_test_id("certificate-issued").get_by_role("link").click()
    expect(
        page.locator(f"[data-testid=certificate][data-number='{certificate.number}']")
    ).to_be_visible()

    # Anyone can check it on the public verification page.
    page.goto(f"{reverse('portal:certificate_verify')}?number={certificate.number}")
    body = page.locator("body")
    expect(body).to_contain_text(certificate.number)
    expect(body).to_contain_text("有效")
    expect(body).to_contain_text("张*")
    expect(body).not_to_contain_text("张小福")  # the name is masked on the public page
    expect(body).not_to_contain_text(seller.id_number)
