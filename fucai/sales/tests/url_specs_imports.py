"""Permission-matrix entries of the import pages and the game catalogue.

Imports and games are center-level data: the permission is the whole scope, so every
holder of IMPORT_SALES sees every batch and every holder of VIEW_SALES every game (no
object is ever out of scope here). Imports and the game catalogue's edits are the
finance department's (and the administrator's)."""

from fucai.core.testing.matrix import SALES_READERS, expect
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


FINANCE = {"finance", "admin"}

URL_SPECS = {
    "sales:import_list": expect(ok=FINANCE),
    "sales:import_upload": expect(ok=FINANCE),
    "sales:import_detail": expect(ok=FINANCE, args=_batch),
    "sales:import_errors_csv": expect(ok=FINANCE, args=_batch),
    "sales:import_errors_xlsx": expect(ok=FINANCE, args=_batch),
    "sales:import_template_csv": expect(ok=FINANCE),
    "sales:import_template_xlsx": expect(ok=FINANCE),
    "sales:game_list": expect(ok=SALES_READERS),
    "sales:game_detail": expect(ok=SALES_READERS, args=_game),
    "sales:game_create": expect(ok=FINANCE),
    "sales:rate_add": expect(ok=FINANCE, args=_game),
}
