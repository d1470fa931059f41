"""The sales API, mounted at /api/sales, one module per topic: ``analytics`` (totals,
monthly series, rankings) and ``imports`` (sales imports and the game catalogue)."""

from .analytics import router
from .imports import router as imports_router

__all__ = ["imports_router", "router"]
