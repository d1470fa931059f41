"""Keeps the sales summaries filed under each station's current district and kind."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from fucai.stations.models import Station

from . import rollups


@receiver(post_save, sender=Station, dispatch_uid="fucai.sales.refile_station")
def refile_station_sales(sender, instance: Station, created: bool, raw: bool = False, **kwargs):
    """A station moved to another district (or changed kind): its past sales now count
    there. One indexed query when nothing changed."""
    if not created and not raw:
        rollups.refresh_station(instance)
