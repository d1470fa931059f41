"""The shared transition view (``ObjectActionView``): the object through the user's
scope, the permission, the form, the service, its ValidationError shown on the object's
page with a 400, and on success a message and the redirect."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory
from django.views.generic import TemplateView

from fucai.core import roles
from fucai.core.generic import ObjectActionView, ScopedObjectMixin
from fucai.core.tests.factories import region
from fucai.stations.models import Station
from fucai.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db


class NoteForm(forms.Form):
    note = forms.CharField(max_length=20)


def station_note(*, station, note, acting_user, calls):
    """A stand-in service: refuses some notes as a transition service refuses a state."""
    if note == "closed":
        raise ValidationError({"note": "The station takes no notes now."})
    if note == "stale":
        raise ValidationError("Someone changed the station meanwhile.")
    calls.append((station.pk, note, acting_user.username))


class StationPage(ScopedObjectMixin, TemplateView):
    """The object's page; it keeps what it was given so the test can read it."""

    model = Station
    template_name = "core/_empty.html"
    given: list = []

    def get_context_data(self, **kwargs):
        self.given.append(kwargs)
        return super().get_context_data(**kwargs)


class StationNoteView(ObjectActionView):
    model = Station
    permission = roles.CHANGE_STATION
    form_class = NoteForm
    form_name = "note_form"
    object_name = "station"
    detail_view = StationPage
    success_message = "Noted."
    calls: list = []

    def perform(self, station, data):
        station_note(
            station=station, note=data["note"], acting_user=self.request.user, calls=self.calls
        )


@pytest.fixture
def post():
    StationNoteView.calls, StationPage.given = [], []

    def send(user, station, data):
        request = RequestFactory().post(f"/notes/{station.pk}/", data)
        request.user = user
        request._messages = CookieStorage(request)
        response = StationNoteView.as_view()(request, pk=station.pk)
        return request, response

    return send


@pytest.fixture
def station():
    return StationFactory(region=region("330302"))


def test_it_calls_the_service_then_says_so_and_goes_to_the_objects_page(cast, post, station):
    request, response = post(cast["lucheng"], station, {"note": "checked"})
    assert response.status_code == 302
    assert response["Location"] == station.get_absolute_url()
    assert StationNoteView.calls == [(station.pk, "checked", "lucheng")]
    assert [str(m) for m in get_messages(request)] == ["Noted."]


def test_a_refused_transition_shows_the_objects_page_with_the_error_on_its_field(
    cast, post, station
):
    request, response = post(cast["lucheng"], station, {"note": "closed"})
    assert response.status_code == 400
    (given,) = StationPage.given
    assert given["station"] == station
    assert given["note_form"].errors == {"note": ["The station takes no notes now."]}
    assert StationNoteView.calls == [] and list(get_messages(request)) == []


def test_an_error_of_no_field_is_shown_as_the_forms_own(cast, post, station):
    _request, response = post(cast["lucheng"], station, {"note": "stale"})
    assert response.status_code == 400
    assert StationPage.given[0]["note_form"].non_field_errors() == [
        "Someone changed the station meanwhile."
    ]


def test_an_invalid_form_never_reaches_the_service(cast, post, station):
    _request, response = post(cast["lucheng"], station, {"note": ""})
    assert response.status_code == 400
    assert "note" in StationPage.given[0]["note_form"].errors
    assert StationNoteView.calls == []


def test_an_object_outside_the_users_scope_is_not_found(cast, post):
    elsewhere = StationFactory(region=region("330381"))
    with pytest.raises(Http404):
        post(cast["lucheng"], elsewhere, {"note": "checked"})
    assert StationNoteView.calls == []


def test_a_user_without_the_permission_is_refused(cast, post, station):
    with pytest.raises(PermissionDenied):
        post(cast["finance"], station, {"note": "checked"})
    assert StationNoteView.calls == []
