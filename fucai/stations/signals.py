"""Keeps each station's insurance cover dates (cover.py) in step with its policies,
whoever writes them: the services, the admin's inline, a test's factory."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .cover import insurance_cover_refresh
from .models import InsurancePolicy


@receiver(post_save, sender=InsurancePolicy, dispatch_uid="fucai.stations.policy_saved")
@receiver(post_delete, sender=InsurancePolicy, dispatch_uid="fucai.stations.policy_deleted")
def policy_changed(sender, instance: InsurancePolicy, raw: bool = False, **kwargs):
    if not raw:
        insurance_cover_refresh([instance.station_id])
