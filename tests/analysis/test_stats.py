"""Descriptive statistics of numeric answers."""

from __future__ import annotations

import math
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qcode.analysis.stats import Description, describe, describe_by_group


def test_describe_likert_answers() -> None:
    result = describe([4, 5, 3, 4, 2])
    assert result.n == 5
    assert result.mean == pytest.approx(3.6)
    # deviations -1.6 0.4 1.4 -0.6 0.4 squared sum to 5.2; / (n-1) = 1.3
    assert result.sd == pytest.approx(math.sqrt(1.3))
    assert result.median == 4
    assert (result.minimum, result.maximum) == (2, 5)
    assert result.distribution == {2: 1, 3: 1, 4: 2, 5: 1}
    assert list(result.distribution) == [2, 3, 4, 5]


def test_even_count_median_and_floats() -> None:
    result = describe([1.5, 4.0, 2.5, 3.0])
    assert result.median == pytest.approx(2.75)
    assert result.mean == pytest.approx(2.75)


def test_empty_and_single() -> None:
    assert describe([]) == Description(0, None, None, None, None, None, {})
    one = describe([3])
    assert (one.n, one.mean, one.sd, one.median) == (1, 3.0, None, 3.0)
    assert one.distribution == {3: 1}


def test_non_numbers_are_refused() -> None:
    with pytest.raises(TypeError, match="numbers"):
        describe([1, "2"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="numbers"):
        describe([True, 2])


def test_describe_by_group_sorts_groups() -> None:
    result = describe_by_group([("nurse", 4), ("GP", 2), ("nurse", 5), ("GP", 3), ("GP", 4)])
    assert list(result) == ["GP", "nurse"]
    assert result["GP"].mean == pytest.approx(3.0)
    assert result["GP"].sd == pytest.approx(1.0)
    assert result["nurse"].n == 2
    assert result["nurse"].median == pytest.approx(4.5)


def test_describe_by_group_puts_none_last() -> None:
    result = describe_by_group([(None, 1), ("b", 2), ("a", 3)])
    assert list(result) == ["a", "b", None]
    assert describe_by_group([]) == {}


@given(st.lists(st.integers(1, 5), min_size=2, max_size=30))
def test_describe_agrees_with_statistics(values: list[int]) -> None:
    result = describe(values)
    assert result.mean == pytest.approx(statistics.mean(values))
    assert result.sd == pytest.approx(statistics.stdev(values))
    assert result.median == pytest.approx(statistics.median(values))
    assert sum(result.distribution.values()) == result.n == len(values)
    assert list(result.distribution) == sorted(set(values))
