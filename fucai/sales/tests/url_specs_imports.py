"""Permission-matrix entries of the import pages and the game catalogue.

Imports and games are center-level data: the permission is the whole scope, so every
holder of IMPORT_SALES sees every batch and every holder of VIEW_SALES every game (no
object is ever out of scope here)."""

from fucai.core import roles
from fucai.core.testing.matrix import spec
from fucai.sales.choices import ImportStatus
from fucai.sales.models import SalesImport
from fucai.sales.tests.factories import ensure_games, game


def make_world(cast) -> dict:
    ensure_games()
    batch = SalesImport.objects.create(
        filename="销量-2024-05.csv",
        checksum="0" * 64,
        status=ImportStatus.FAILED,
        rows=2,
        errors=[{"row": 2, "column": "站点编号", "value": "X1", "reason": "unknown station"}],
        created_by=cast["finance"],
    )
    return {"sales_import": batch, "game": game("SSQ")}


def _batch(world):
    return [world["sales_import"].pk]


def _game(world):
    return [world["game"].code]


URL_SPECS = {
    "sales:import_list": spec(roles.IMPORT_SALES),
    "sales:import_upload": spec(roles.IMPORT_SALES),
    "sales:import_detail": spec(roles.IMPORT_SALES, args=_batch),
    "sales:import_errors_csv": spec(roles.IMPORT_SALES, args=_batch),
    "sales:import_errors_xlsx": spec(roles.IMPORT_SALES, args=_batch),
    "sales:game_list": spec(roles.VIEW_SALES),
    "sales:game_detail": spec(roles.VIEW_SALES, args=_game),
    "sales:game_create": spec(roles.MANAGE_GAMES),
    "sales:rate_add": spec(roles.MANAGE_GAMES, args=_game),
}
