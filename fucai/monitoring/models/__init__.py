from .alerts import Alert, AlertQuerySet, AlertRule
from .cameras import Camera, CameraQuerySet

__all__ = ["Alert", "AlertQuerySet", "AlertRule", "Camera", "CameraQuerySet"]
