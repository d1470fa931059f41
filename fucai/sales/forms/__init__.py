"""Forms of the sales pages, one module per group of pages: the import pages and the
game catalogue (``imports``), the analytics, finance and targets pages (``analytics``)."""

from .analytics import (
    AnalyticsFilterForm,
    DailyForm,
    RankingForm,
    TargetFilterForm,
    TargetForm,
    month_choices,
)
from .imports import GameForm, ImportFilterForm, ImportUploadForm, SplitRateForm, check_upload

__all__ = [
    "AnalyticsFilterForm",
    "DailyForm",
    "GameForm",
    "ImportFilterForm",
    "ImportUploadForm",
    "RankingForm",
    "SplitRateForm",
    "TargetFilterForm",
    "TargetForm",
    "check_upload",
    "month_choices",
]
