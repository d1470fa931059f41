"""The rating engine shared by grading (分类分级) and star rating (星级评定): metrics of
a year for many stations in a few queries (``metrics``), and pure functions scoring them
by a scheme's criteria into a breakdown, a total, a band and a class (``engine``)."""

from .engine import Outcome, band_for, classify, evaluate, validate_scheme
from .metrics import load_metrics

__all__ = ["Outcome", "band_for", "classify", "evaluate", "load_metrics", "validate_scheme"]
