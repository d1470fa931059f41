"""Materials: type by content (MP4, WebM, PDF), served with range requests so that the
player seeks, and the progress the player reports."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fucai.core.files import VIDEOS, detect_type
from fucai.training.choices import MaterialKind
from fucai.training.models import MaterialProgress
from fucai.training.ranges import UnsatisfiableRange, parse_range
from fucai.training.services import material_add, progress_record

from .factories import SAMPLE_VIDEO, CourseFactory, learner_for, video_material

pytestmark = pytest.mark.django_db

WEBM_HEAD = (
    b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04"
    b"B\xf3\x81\x08B\x82\x84webm"
)
MKV_HEAD = WEBM_HEAD.replace(b"webm", b"matr")


def test_videos_are_recognised_by_their_content():
    assert detect_type(SAMPLE_VIDEO.read_bytes()[:64], VIDEOS) == ("video/mp4", "mp4")
    assert detect_type(WEBM_HEAD, VIDEOS) == ("video/webm", "webm")
    assert detect_type(MKV_HEAD, VIDEOS) is None
    assert detect_type(b"<html><script>", VIDEOS) is None
    # Images and PDFs stay as they were; videos are refused where they are not allowed.
    assert detect_type(SAMPLE_VIDEO.read_bytes()[:64]) is None
    assert detect_type(b"%PDF-1.7") == ("application/pdf", "pdf")


def test_an_upload_becomes_a_video_or_a_document_by_its_content(cast):
    course = CourseFactory()
    video = material_add(
        acting_user=cast["stations"],
        course=course,
        title="视频",
        file=SimpleUploadedFile("lecture.pdf", SAMPLE_VIDEO.read_bytes()),
    )
    assert (video.kind, video.content_type) == (MaterialKind.VIDEO, "video/mp4")
    assert video.file.name.endswith(".mp4") and "lecture" not in video.file.name
    document = material_add(
        acting_user=cast["stations"],
        course=course,
        title="讲义",
        file=SimpleUploadedFile("x.mp4", b"%PDF-1.4 hello"),
    )
    assert document.kind == MaterialKind.DOCUMENT
    with pytest.raises(ValidationError, match="MP4"):
        material_add(
            acting_user=cast["stations"],
            course=course,
            title="假视频",
            file=SimpleUploadedFile("x.mp4", b"<html><script>alert(1)</script>"),
        )


def test_range_headers_are_parsed_as_rfc_9110_says():
    assert parse_range("", 100) is None
    assert parse_range("bytes=0-9", 100) == (0, 9)
    assert parse_range("bytes=90-", 100) == (90, 99)
    assert parse_range("bytes=-10", 100) == (90, 99)
    assert parse_range("bytes=95-500", 100) == (95, 99)
    assert parse_range("bytes=0-1,5-6", 100) is None  # several ranges: the whole file
    assert parse_range("items=0-1", 100) is None
    for bad in ("bytes=100-", "bytes=9-3", "bytes=-0", "bytes=x-y", "bytes=-"):
        with pytest.raises(UnsatisfiableRange):
            parse_range(bad, 100)


def _file_url(material):
    return reverse("training:material_file", args=[material.pk])


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_video_is_served_whole_or_in_ranges(client, cast):
    learner_for(cast["seller"])
    data = bytes(range(256)) * 40  # 10,240 bytes
    material = video_material(CourseFactory(), data)
    client.force_login(cast["seller"])

    whole = client.get(_file_url(material))
    assert whole.status_code == 200
    assert whole["Accept-Ranges"] == "bytes"
    assert whole["Content-Length"] == str(len(data))
    assert whole["Content-Type"] == "video/mp4"
    assert _body(whole) == data

    part = client.get(_file_url(material), HTTP_RANGE="bytes=1000-1999")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 1000-1999/{len(data)}"
    assert part["Content-Length"] == "1000"
    assert _body(part) == data[1000:2000]

    tail = client.get(_file_url(material), HTTP_RANGE="bytes=-100")
    assert tail.status_code == 206 and _body(tail) == data[-100:]
    open_ended = client.get(_file_url(material), HTTP_RANGE="bytes=10000-")
    assert _body(open_ended) == data[10000:]
    assert open_ended["Content-Range"] == f"bytes 10000-{len(data) - 1}/{len(data)}"


def test_a_range_beyond_the_end_answers_416(client, cast):
    learner_for(cast["seller"])
    material = video_material(CourseFactory(), b"x" * 500)
    client.force_login(cast["seller"])
    response = client.get(_file_url(material), HTTP_RANGE="bytes=500-600")
    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */500"
    assert client.get(_file_url(material), HTTP_RANGE="bytes=9-3").status_code == 416


def test_a_stale_if_range_gets_the_whole_file(client, cast):
    learner_for(cast["seller"])
    material = video_material(CourseFactory(), b"y" * 300)
    client.force_login(cast["seller"])
    fresh = client.get(_file_url(material), HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"abc123"')
    assert fresh.status_code == 206
    stale = client.get(_file_url(material), HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"old"')
    assert stale.status_code == 200 and len(_body(stale)) == 300


def test_a_withdrawn_material_is_gone_for_learners_but_not_for_staff(client, cast):
    learner_for(cast["seller"])
    material = video_material(CourseFactory(), b"z" * 10)
    material.active = False
    material.save()
    client.force_login(cast["seller"])
    assert client.get(_file_url(material)).status_code == 404
    client.force_login(cast["stations"])
    assert client.get(_file_url(material)).status_code == 200


def test_progress_keeps_the_furthest_position_and_completes_at_ninety_percent(cast):
    learner = learner_for(cast["seller"])
    material = video_material(CourseFactory(), b"v" * 10)
    seller = cast["seller"]
    progress = progress_record(acting_user=seller, material=material, position=30, duration=100)
    assert (progress.furthest_seconds, progress.duration_seconds) == (30, 100)
    progress = progress_record(acting_user=seller, material=material, position=10, duration=100)
    assert progress.furthest_seconds == 30  # rewinding does not lose what was watched
    progress = progress_record(acting_user=seller, material=material, position=89, duration=100)
    assert progress.completed_at is None and progress.percent == 89
    progress = progress_record(acting_user=seller, material=material, position=90, duration=100)
    assert progress.completed_at is not None and progress.percent == 100
    # A position past the end is clamped to the length.
    progress = progress_record(acting_user=seller, material=material, position=5000)
    assert progress.furthest_seconds == 100
    assert MaterialProgress.objects.filter(learner=learner).count() == 1
    with pytest.raises(ValidationError):
        progress_record(acting_user=seller, material=material, position="soon")


def test_the_player_posts_progress_as_json(client, cast):
    learner_for(cast["seller"])
    material = video_material(CourseFactory(), b"v" * 10)
    client.force_login(cast["seller"])
    url = reverse("training:material_progress", args=[material.pk])
    response = client.post(url, {"position": 95, "duration": 100}, content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"furthest": 95, "duration": 100, "percent": 100, "completed": True}
    bad = client.post(url, "{not json", content_type="application/json")
    assert bad.status_code == 400
    bad = client.post(url, {"position": -5}, content_type="application/json")
    assert bad.status_code == 400 and "秒" in bad.json()["detail"]


def test_a_user_without_a_sales_staff_record_cannot_record_progress(client, cast):
    material = video_material(CourseFactory(), b"v" * 10)
    client.force_login(cast["seller"])  # no SalesStaff linked in this test
    url = reverse("training:material_progress", args=[material.pk])
    response = client.post(url, {"position": 5}, content_type="application/json")
    assert response.status_code == 403
    page = client.get(reverse("training:home"))
    assert page.status_code == 200 and b'data-testid="not-a-learner"' in page.content


def test_a_document_counts_as_completed_when_opened(cast):
    learner_for(cast["seller"])
    document = material_add(
        acting_user=cast["stations"],
        course=CourseFactory(),
        title="讲义",
        file=SimpleUploadedFile("x.pdf", b"%PDF-1.4 " + b"0" * 100),
    )
    progress = progress_record(acting_user=cast["seller"], material=document)
    assert progress.completed_at is not None


def test_a_file_larger_than_the_limit_is_refused_before_reading(cast, monkeypatch):
    from fucai.training.services import courses

    monkeypatch.setattr(courses, "MAX_VIDEO_BYTES", 10)
    with pytest.raises(ValidationError, match=r"too large|过大|超过"):
        material_add(
            acting_user=cast["stations"],
            course=CourseFactory(),
            title="大",
            file=SimpleUploadedFile("x.mp4", io.BytesIO(SAMPLE_VIDEO.read_bytes()).read()),
        )
