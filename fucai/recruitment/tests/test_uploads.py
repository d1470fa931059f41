import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fucai.recruitment import services
from fucai.recruitment.uploads import inspect_upload

from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 200
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + b"1 0 obj\n" * 20


@pytest.fixture
def application(cast):
    return ApplicationFactory(applicant=cast["applicant"])


def _add(cast, application, name, content, kind="photos"):
    return services.application_document_add(
        acting_user=cast["applicant"],
        application=application,
        kind=kind,
        file=SimpleUploadedFile(name, content, content_type="image/jpeg"),
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type", "extension"),
    [
        ("门面.jpg", JPEG, "image/jpeg", "jpg"),
        ("门面.PNG", PNG, "image/png", "png"),
        ("租赁合同.pdf", PDF, "application/pdf", "pdf"),
        # The user's extension is ignored: a PNG called .jpg is stored as .png.
        ("photo.jpg", PNG, "image/png", "png"),
    ],
)
def test_it_accepts_images_and_pdfs_under_a_random_name_with_the_detected_extension(
    cast, media, application, name, content, content_type, extension
):
    document = _add(cast, application, name, content)
    assert document.content_type == content_type
    assert document.original_name == name
    assert document.size == len(content)
    assert re.fullmatch(
        rf"recruitment/applications/{application.pk}/[0-9a-f]{{32}}\.{extension}",
        document.file.name,
    )
    with document.file.open("rb") as stored:
        assert stored.read() == content
    import hashlib

    assert document.sha256 == hashlib.sha256(content).hexdigest()


def test_two_uploads_of_the_same_name_get_different_random_names(cast, media, application):
    first = _add(cast, application, "a.jpg", JPEG)
    second = _add(cast, application, "a.jpg", JPEG)
    assert first.file.name != second.file.name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("photo.jpg", b"<html><body>hi</body></html>"),
        ("logo.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>'),
        ("logo.jpg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100),
        ("run.png", b"\x7fELF\x02\x01\x01" + b"\x00" * 100),
        ("doc.pdf", b"PK\x03\x04" + b"\x00" * 100),
    ],
)
def test_it_refuses_anything_else_whatever_its_name(cast, media, application, name, content):
    with pytest.raises(ValidationError) as error:
        _add(cast, application, name, content)
    assert error.value.code == "file_type"
    assert "JPEG" in str(error.value.messages[0])
    assert not application.documents.exists()
    assert not list(media.rglob("*.*"))


def test_it_refuses_an_oversize_file(cast, media, application):
    with pytest.raises(ValidationError) as error:
        _add(cast, application, "big.jpg", JPEG + b"\x00" * (10 * 1024 * 1024))
    assert error.value.code == "file_too_large"


def test_the_limit_is_a_parameter_and_empty_files_are_refused():
    with pytest.raises(ValidationError) as error:
        inspect_upload(SimpleUploadedFile("a.jpg", JPEG), max_bytes=10)
    assert error.value.code == "file_too_large"
    with pytest.raises(ValidationError) as error:
        inspect_upload(SimpleUploadedFile("a.jpg", b""))
    assert error.value.code == "empty_file"


def test_documents_cannot_be_added_after_submission(cast, media):
    application = ApplicationFactory(applicant=cast["applicant"], status="submitted")
    with pytest.raises(ValidationError) as error:
        _add(cast, application, "a.jpg", JPEG)
    assert error.value.code == "not_editable"
