"""Writes of the monitoring app, one module per topic: ``alerts`` (raise, acknowledge,
resolve), ``notify`` (who hears of new alerts), ``rules`` (thresholds), ``cameras``."""

from .alerts import alert_acknowledge, alert_resolve, alerts_raise, alerts_run
from .cameras import camera_check, camera_save, cameras_check
from .rules import alert_rule_update

__all__ = [
    "alert_acknowledge",
    "alert_resolve",
    "alert_rule_update",
    "alerts_raise",
    "alerts_run",
    "camera_check",
    "camera_save",
    "cameras_check",
]
