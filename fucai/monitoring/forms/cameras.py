"""Forms of the camera pages: the registry's filters, adding and editing a camera."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fucai.core.form_fields import ModelChoiceField
from fucai.core.models import Region
from fucai.core.scope import regions_visible
from fucai.stations.models import Station

from ..choices import CameraKind, CameraStatus


class CameraFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Camera, hall or station")}),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *CameraStatus.choices]
    )
    region = ModelChoiceField(
        label=_("District"),
        queryset=Region.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All districts"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_visible(user)

    def apply(self, queryset):
        data = self.cleaned_data
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("region") is not None:
            queryset = queryset.filter(region=data["region"])
        q = (data.get("q") or "").strip()
        if q:
            queryset = queryset.filter(
                Q(name__icontains=q)
                | Q(hall__icontains=q)
                | Q(station__code__startswith=q)
                | Q(station__name__icontains=q)
            )
        return queryset


class CameraForm(forms.Form):
    station = forms.CharField(
        label=_("Station code"),
        required=False,
        max_length=12,
        help_text=_("Empty for a camera in a hall of the center or a branch office."),
    )
    hall = forms.CharField(label=_("Hall"), required=False, max_length=100)
    region = ModelChoiceField(
        label=_("District"),
        queryset=Region.objects.none(),
        required=False,
        to_field_name="code",
        help_text=_("For a hall camera; a station camera lies in the station's district."),
    )
    name = forms.CharField(label=_("Name"), max_length=100)
    location = forms.CharField(label=_("Location"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Camera type"), choices=CameraKind.choices)
    stream_url = forms.CharField(
        label=_("Stream URL"),
        max_length=500,
        help_text=_("The HLS playlist (.m3u8) of the video gateway."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["region"].queryset = regions_visible(user)

    def clean_station(self):
        code = (self.cleaned_data.get("station") or "").strip()
        if not code:
            return None
        station = Station.objects.visible_to(self.user).filter(code=code).first()
        if station is None:
            raise forms.ValidationError(_("No station with this code in your data scope."))
        return station

    @classmethod
    def initial_for(cls, camera) -> dict:
        return {
            "station": camera.station.code if camera.station_id else "",
            "hall": camera.hall,
            "region": camera.region,
            "name": camera.name,
            "location": camera.location,
            "kind": camera.kind,
            "stream_url": camera.stream_url,
        }
