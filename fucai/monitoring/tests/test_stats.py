import pytest

from fucai.monitoring.stats import MAD_FACTOR, MEANAD_FACTOR, mad, median, robust_z


def test_median_of_odd_and_even_counts():
    assert median([3, 1, 2]) == 2
    assert median([4, 1, 3, 2]) == 2.5


def test_mad_is_the_median_distance_from_the_median():
    # distances from 3: 2, 1, 0, 1, 97 -> median 1
    assert mad([1, 2, 3, 4, 100]) == 1


def test_robust_z_ignores_the_outlier_a_standard_deviation_would_absorb():
    history = [10, 11, 9, 10, 12, 8, 10, 500]
    z, centre, spread = robust_z(40, history)
    assert centre == 10
    assert spread == 1
    assert z == pytest.approx(MAD_FACTOR * 30)


def test_robust_z_falls_back_to_the_mean_absolute_deviation_when_the_mad_is_0():
    # median 1, MAD 0; mean absolute deviation 0.25
    z, centre, spread = robust_z(5, [1, 1, 1, 2])
    assert centre == 1 and spread == 0
    assert z == pytest.approx(MEANAD_FACTOR * 4 / 0.25)


def test_robust_z_is_none_when_every_value_is_equal():
    assert robust_z(5, [1, 1, 1, 1])[0] is None


def test_robust_z_is_negative_below_the_median():
    z, _c, _s = robust_z(0, [10, 12, 8, 11, 9])
    assert z == pytest.approx(MAD_FACTOR * -10 / 1)
