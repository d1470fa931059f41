"""Published charity activities on the portal: the list by year and series, the page of
one with its story, its public photos only, the money spent and the people reached as
counts; nothing unpublished, no photo not cleared, never a person helped."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fucai.charity.models import ActivityPhoto, Beneficiary, Benefit, Participant
from fucai.charity.tests.factories import ActivityFactory, image_upload, series
from fucai.core.tests.factories import id_number, region

pytestmark = pytest.mark.django_db


def _photo(activity, *, public: bool, caption: str) -> ActivityPhoto:
    photo = ActivityPhoto(activity=activity, caption=caption, public=public)
    photo.file.save("p.jpg", ContentFile(image_upload().read()), save=True)
    return photo


def _helped(activity, n: int, *, start: int = 0) -> list[Beneficiary]:
    people = []
    for i in range(start, start + n):
        person = Beneficiary.objects.create(
            name=f"欧阳{i}花",
            id_number=id_number(900 + i),
            phone=f"1398765{i:04d}",
            region=region("330302"),
            category="elderly",
        )
        Benefit.objects.create(
            beneficiary=person, activity=activity, kind="goods", received_on=activity.held_on
        )
        people.append(person)
    return people


@pytest.fixture
def world(media):
    warm = series("福彩暖万家")
    dream = series("938福彩助力梦想")
    published = ActivityFactory(
        series=warm,
        status="published",
        title="重阳节走进敬老院",
        story="中心志愿者为老人送去慰问品。",
        spending_fen=1_234_500,
    )
    other_year = ActivityFactory(
        series=dream,
        status="published",
        title="助力梦想2018",
        story="资助困难学生。",
        held_on=datetime.date(2018, 9, 1),
    )
    held = ActivityFactory(series=warm, status="held", title="尚未公开的活动", story="草稿")
    people = _helped(published, 3)
    _helped(held, 1, start=10)
    Participant.objects.create(activity=published, kind="staff", name="张干事")
    Participant.objects.create(activity=published, kind="volunteer", name="李党员", hours=2)
    Participant.objects.create(activity=published, kind="volunteer", name="王党员", hours=2)
    shown = _photo(published, public=True, caption="合影")
    hidden = _photo(published, public=False, caption="老人特写")
    return {
        "published": published,
        "other_year": other_year,
        "held": held,
        "people": people,
        "shown": shown,
        "hidden": hidden,
        "warm": warm,
    }


def test_the_list_shows_only_published_activities_with_counts(client, world):
    html = client.get(reverse("portal:activities")).content.decode()
    assert "重阳节走进敬老院" in html and "助力梦想2018" in html
    assert "尚未公开的活动" not in html
    # Two activities, 12,345 + 1,000 yuan, three people reached (the unpublished one's
    # person is not counted).
    response = client.get(reverse("portal:activities"))
    assert response.context["totals"] == {
        "activities": 2,
        "spent_fen": 1_334_500,
        "people": 3,
    }


def test_the_list_filters_by_year_and_series(client, world):
    response = client.get(reverse("portal:activities"), {"year": "2019"})
    titles = [a.title for a in response.context["page"].object_list]
    assert titles == ["重阳节走进敬老院"]
    assert response.context["page"].object_list[0].reached == 3
    response = client.get(reverse("portal:activities"), {"series": world["warm"].pk})
    assert [a.title for a in response.context["page"].object_list] == ["重阳节走进敬老院"]
    # A year with nothing published is an empty list (a disclosure links to it), not a 404.
    response = client.get(reverse("portal:activities"), {"year": "2015"})
    assert response.status_code == 200 and not response.context["page"].object_list
    assert client.get(reverse("portal:activities"), {"year": "abc"}).status_code == 404
    assert client.get(reverse("portal:activities"), {"series": "99999"}).status_code == 404


def test_the_activity_page_tells_the_story_with_counts_and_public_photos_only(client, world):
    activity = world["published"]
    response = client.get(reverse("portal:activity", args=[activity.pk]))
    html = response.content.decode()
    assert "中心志愿者为老人送去慰问品。" in html
    assert response.context["reached"] == 3
    assert "12,345.00" in html
    assert reverse("portal:activity_photo", args=[activity.pk, world["shown"].pk]) in html
    assert reverse("portal:activity_photo", args=[activity.pk, world["hidden"].pk]) not in html
    assert "老人特写" not in html
    # Counts of who took part, never their names nor the people helped.
    assert [n for _label, n in response.context["taking_part"]] == [1, 2]
    for name in ["张干事", "李党员", "王党员", *(p.name for p in world["people"])]:
        assert name not in html
    for person in world["people"]:
        assert person.id_number not in html and person.phone not in html


def test_an_unpublished_activity_and_its_photos_are_not_found(client, world):
    held = world["held"]
    assert client.get(reverse("portal:activity", args=[held.pk])).status_code == 404
    photo = _photo(held, public=True, caption="x")
    url = reverse("portal:activity_photo", args=[held.pk, photo.pk])
    assert client.get(url).status_code == 404


def test_only_a_photo_cleared_for_the_portal_is_served(client, world):
    activity = world["published"]
    shown = client.get(reverse("portal:activity_photo", args=[activity.pk, world["shown"].pk]))
    assert shown.status_code == 200
    assert b"".join(shown.streaming_content)[:2] == b"\xff\xd8"
    hidden = reverse("portal:activity_photo", args=[activity.pk, world["hidden"].pk])
    assert client.get(hidden).status_code == 404
    # A photo of another activity under this one's URL is not served either.
    other = _photo(world["other_year"], public=True, caption="y")
    assert (
        client.get(reverse("portal:activity_photo", args=[activity.pk, other.pk])).status_code
        == 404
    )


def test_the_disclosure_and_money_pages_link_to_the_activities(client, world):
    from fucai.welfare.choices import DisclosureState
    from fucai.welfare.models import Disclosure, LedgerPeriod
    from fucai.welfare.services import compute_figures

    Disclosure.objects.create(
        year=2018, state=DisclosureState.PUBLISHED, figures=compute_figures(2018, reach={})
    )
    LedgerPeriod.objects.create(year=2019, month=1)
    for url in [
        reverse("portal:disclosures"),
        reverse("portal:disclosure", args=[2018]),
        reverse("portal:money_flow") + "?year=2019",
    ]:
        html = client.get(url).content.decode()
        assert reverse("portal:activities") in html, url


def test_the_list_runs_a_fixed_number_of_queries(client, world):
    url = reverse("portal:activities")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(5):
        more = ActivityFactory(
            series=world["warm"], status="published", title=f"更多{n}", story="故事"
        )
        _helped(more, 2, start=100 + 2 * n)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
