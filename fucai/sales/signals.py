"""Keeps the sales summaries filed under each station's current district and kind, and
the cached analytics figures in step with the games' names."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from fucai.stations.models import Station

from . import figures, rollups
from .models import Game

# Sent by ``sales_import`` once a file's rows are stored (not for a rejected file or a
# duplicate), with ``batch`` (its ``date_from``/``date_to`` name the days touched). Apps
# above sales (monitoring's alert rules) listen; sales knows nothing of them.
sales_imported = Signal()


@receiver(post_save, sender=Station, dispatch_uid="fucai.sales.refile_station")
def refile_station_sales(sender, instance: Station, created: bool, raw: bool = False, **kwargs):
    """A station moved to another district (or changed kind): its past sales now count
    there. One indexed query when nothing changed."""
    if not created and not raw:
        rollups.refresh_station(instance)


@receiver(post_save, sender=Game, dispatch_uid="fucai.sales.game_saved")
@receiver(post_delete, sender=Game, dispatch_uid="fucai.sales.game_deleted")
def game_changed(sender, instance: Game, raw: bool = False, **kwargs):
    """The analytics pages cache games' names with their figures: a new version."""
    if not raw:
        figures.bump()
