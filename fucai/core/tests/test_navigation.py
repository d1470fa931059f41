import pytest
from django.urls import reverse

from fucai.core import navigation

pytestmark = pytest.mark.django_db


def test_every_menu_entry_points_to_a_page():
    for item in navigation.all_items():
        assert reverse(item.url_name)


def test_the_menu_follows_the_role(client, cast):
    client.force_login(cast["party"])
    items = client.get("/").context["nav_items"]
    labels = [str(i["label"]) for i in items]
    assert labels[0] == "概览"
    # The party office reads and sends notices, runs the public evaluation and the
    # supervisors, reads complaints, and has no registry pages.
    assert {"我的通知", "发布通知", "投诉", "万人双评议", "行风监督员"} <= set(labels)
    assert reverse("stations:list") not in [i["url"] for i in items]
    client.force_login(cast["admin"])
    urls = [i["url"] for i in client.get("/").context["nav_items"]]
    assert reverse("core:audit") in urls and reverse("stations:list") in urls


def test_the_most_specific_entry_is_active(client, cast):
    client.force_login(cast["leader"])
    items = client.get(reverse("stations:list")).context["nav_items"]
    assert [i["url"] for i in items if i["active"]] == [reverse("stations:list")]


def test_links_are_reversed_once_per_urlconf_and_script_prefix(monkeypatch):
    from django.test import override_settings
    from django.urls import set_script_prefix

    calls = []
    monkeypatch.setattr(navigation, "reverse", lambda name: calls.append(name) or reverse(name))
    assert navigation.reverse_once("stations:list") == "/stations/"
    assert navigation.reverse_once("stations:list") == "/stations/"
    assert calls.count("stations:list") <= 1  # at most once (an earlier test may have)
    calls.clear()
    with override_settings(ROOT_URLCONF="bench.baseline_urls"):
        assert navigation.reverse_once("bench_baseline") == "/_bench/baseline/"
        assert calls == ["bench_baseline"]
    set_script_prefix("/fucai/")
    try:
        assert navigation.reverse_once("stations:list") == "/fucai/stations/"
    finally:
        set_script_prefix("/")
    assert navigation.reverse_once("stations:list") == "/stations/"
