"""The HTTP benchmark's summary: ratios to the baseline, and no baseline to compare with."""

import pytest

from bench import http_pages


def sample(req_per_s, **extra):
    served = round(req_per_s * 3)
    return {
        "req_per_s": req_per_s,
        "requests": served,
        "p50_ms": 20.0 if served else 0.0,
        "p99_ms": 60.0 if served else 0.0,
        "cpu_ms_per_req": 4.0 if served else 0.0,
    } | extra


def samples(baseline_rates, page_rate=100.0):
    """Five rounds per page at 32 connections, then one at 2 connections."""
    result = {}
    for name, _path, _kind in http_pages.PAGES:
        rates = baseline_rates if name == "baseline" else [page_rate] * len(baseline_rates)
        result[name] = [sample(rate) for rate in rates]
        result[name].append(sample(rate if (rate := rates[0]) else 0.0, connections=2))
    return result


def test_ratios_are_the_median_of_the_rounds_ratios():
    pages = http_pages.summarize(samples([200.0, 100.0, 400.0]), dict.fromkeys(SIZES, 1))
    assert pages["baseline"]["ratio"] == 1.0
    assert pages["stations"]["ratio"] == 0.5  # 100/200, 100/100, 100/400
    assert pages["stations"]["meets_target"] is True
    assert pages["stations"]["at_fewer_connections"]["2"]["req_per_s"] == 100.0


def test_rounds_in_which_the_baseline_served_nothing_give_no_ratio():
    pages = http_pages.summarize(samples([0.0, 100.0, 400.0]), dict.fromkeys(SIZES, 1))
    assert pages["stations"]["ratio"] == 0.62  # median of 1.0 and 0.25


def test_a_baseline_that_served_nothing_is_an_error_not_a_division_by_zero():
    with pytest.raises(http_pages.BaselineServedNothing, match="served no request") as error:
        http_pages.summarize(samples([0.0, 0.0]), dict.fromkeys(SIZES, 1))
    pages = error.value.pages
    assert pages["stations"]["ratio"] is None
    assert pages["stations"]["cpu_ratio"] is None
    assert pages["stations"]["meets_target"] is False
    http_pages.print_table(pages)  # prints without a ratio


SIZES = [name for name, _path, _kind in http_pages.PAGES]
