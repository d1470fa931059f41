"""Robust statistics for the sales rules: the median and the median absolute deviation
(MAD), and the robust z-score built from them (Iglewicz & Hoaglin's modified z-score).

A mean and standard deviation are pulled by the very outliers a rule looks for (one
jackpot week doubles the standard deviation); the median and MAD are not. The factor
0.6745 makes the score comparable to an ordinary z-score for normally distributed data;
|z| > 3.5 is the usual threshold for an outlier.
"""

from collections.abc import Sequence

# Φ⁻¹(0.75): the MAD of a standard normal distribution.
MAD_FACTOR = 0.6745
# √(π/2)⁻¹: the mean absolute deviation of a standard normal distribution, for when
# more than half the values are equal and the MAD is 0 (IBM's modified z-score).
MEANAD_FACTOR = 0.7979


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        raise ValueError("median of no values")
    middle = n // 2
    if n % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def mad(values: Sequence[float], centre: float | None = None) -> float:
    """Median absolute deviation from ``centre`` (default: the median)."""
    centre = median(values) if centre is None else centre
    return median([abs(value - centre) for value in values])


def robust_z(value: float, values: Sequence[float]) -> tuple[float | None, float, float]:
    """``(z, median, MAD)`` of ``value`` against ``values``. When the MAD is 0 (more
    than half the values equal) the mean absolute deviation stands in for it; ``z`` is
    None when every value is the same: no spread to measure a distance in."""
    centre = median(values)
    spread = mad(values, centre)
    if spread == 0:
        mean_ad = sum(abs(v - centre) for v in values) / len(values)
        if mean_ad == 0:
            return None, centre, spread
        return MEANAD_FACTOR * (value - centre) / mean_ad, centre, spread
    return MAD_FACTOR * (value - centre) / spread, centre, spread
