"""Every write to sales data, one module per topic: importing daily sales files
(``imports``), the game catalogue and its split rates (``games``), targets
(``targets``). Views, the API, commands and jobs call these."""

from .games import game_create, split_rate_add
from .imports import ImportRejected, sales_import, serialize_imports
from .targets import target_delete, target_set

__all__ = [
    "ImportRejected",
    "game_create",
    "sales_import",
    "serialize_imports",
    "split_rate_add",
    "target_delete",
    "target_set",
]
