"""Labels made at import time follow the language of each request: a module first
imported while another language was active (a test overriding it, a request in
English) must not keep that language for everyone after."""

from django.utils import translation

from fucai.portal.views.finder import FinderForm
from fucai.training.views.results import _STATUS


def test_the_finder_stars_choices_and_the_certificate_statuses_are_translated_when_shown(db):
    for language, stars, expired in (("en", "stars or more", "Expired"), ("zh-hans", "星", "过期")):
        with translation.override(language):
            labels = [str(label) for _value, label in FinderForm().fields["stars"].choices]
            assert stars in labels[1], (language, labels)
            assert expired in str(_STATUS["expired"]), (language, str(_STATUS["expired"]))
