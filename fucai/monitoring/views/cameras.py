"""The camera pages: the registry (status, last seen), the offline list, a station's
cameras (the big screen's map links here), one camera's live view, add and edit."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import roles
from fucai.core.generic import (
    ObjectListView,
    RolePermissionMixin,
    ScopedObjectMixin,
    add_validation_errors,
)
from fucai.stations.models import Station

from ..choices import CameraStatus
from ..forms.cameras import CameraFilterForm, CameraForm
from ..models import Camera
from ..services import camera_save


def _local(moment):
    """A stored time as Asia/Shanghai wall-clock time: Excel cells carry no zone."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


class CameraListView(ObjectListView):
    model = Camera
    permission = roles.VIEW_CAMERAS
    filter_form_class = CameraFilterForm
    template_name = "monitoring/camera_list.html"
    table_template_name = "monitoring/_camera_table.html"
    sort_fields = {"name": "name", "status": "status", "seen": "last_seen_at"}
    default_sort = ""
    export_filename = "cameras"
    export_columns = [
        (_("Name"), lambda c: c.name),
        (_("Station code"), lambda c: c.station.code if c.station_id else ""),
        (_("Hall"), lambda c: c.hall),
        (_("District"), lambda c: c.region.name),
        (_("Location"), lambda c: c.location),
        (_("Camera type"), lambda c: c.get_kind_display()),
        (_("Status"), lambda c: c.get_status_display()),
        (_("Last seen"), lambda c: _local(c.last_seen_at)),
    ]
    title = _("Cameras")
    offline = False

    def get_queryset(self):
        queryset = super().get_queryset().select_related("station", "region")
        if self.offline:
            queryset = queryset.filter(status=CameraStatus.OFFLINE).order_by("last_seen_at")
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=self.title, offline=self.offline)
        return context


class OfflineCameraListView(CameraListView):
    title = _("Offline cameras")
    offline = True


class StationCamerasView(RolePermissionMixin, TemplateView):
    """Every camera of one station (by pk, as the big screen's map links), playing."""

    permission = roles.VIEW_CAMERAS
    template_name = "monitoring/station_cameras.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        station = (
            Station.objects.visible_to(self.request.user)
            .select_related("region")
            .filter(pk=kwargs["pk"])
            .first()
        )
        if station is None:
            raise Http404
        context.update(
            station=station,
            cameras=list(Camera.objects.visible_to(self.request.user).filter(station=station)),
        )
        return context


class CameraLiveView(RolePermissionMixin, ScopedObjectMixin, TemplateView):
    model = Camera
    permission = roles.VIEW_CAMERAS
    template_name = "monitoring/camera_live.html"

    def get_queryset(self):
        return super().get_queryset().select_related("station", "region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(camera=self.get_object())
        return context


class CameraEditView(RolePermissionMixin, View):
    """Add (no pk) or edit a camera."""

    permission = roles.MANAGE_CAMERAS
    template_name = "monitoring/camera_form.html"

    def get_camera(self):
        pk = self.kwargs.get("pk")
        if pk is None:
            return None
        camera = Camera.objects.visible_to(self.request.user).filter(pk=pk).first()
        if camera is None:
            raise Http404
        return camera

    def respond(self, form, camera, status=200):
        return render(
            self.request,
            self.template_name,
            {"form": form, "camera": camera},
            status=status,
        )

    def get(self, request, *args, **kwargs):
        camera = self.get_camera()
        initial = CameraForm.initial_for(camera) if camera else {}
        return self.respond(CameraForm(initial=initial, user=request.user), camera)

    def post(self, request, *args, **kwargs):
        camera = self.get_camera()
        form = CameraForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                saved = camera_save(camera=camera, acting_user=request.user, data=form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Camera saved."))
                return redirect("monitoring:camera_live", pk=saved.pk)
        return self.respond(form, camera, status=400)
