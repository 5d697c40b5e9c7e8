"""Descriptive statistics of numeric answers, overall and by group."""

from __future__ import annotations

import numbers
import statistics
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

G = TypeVar("G", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Description:
    """n, mean, sample SD (None when n < 2), median, range and counts of each value.

    Every statistic but n is None when there are no values.
    """

    n: int
    mean: float | None
    sd: float | None
    median: float | None
    minimum: float | None
    maximum: float | None
    distribution: dict[float, int]


def describe(values: Sequence[float]) -> Description:
    """Describe real numbers (ints or floats); anything else, bools included, raises
    ``TypeError``."""
    for value in values:
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"describe() takes numbers, not {type(value).__name__}: {value!r}")
    if not values:
        return Description(0, None, None, None, None, None, {})
    counts = Counter(values)
    return Description(
        n=len(values),
        mean=statistics.fmean(values),
        sd=statistics.stdev(values) if len(values) > 1 else None,
        median=float(statistics.median(values)),
        minimum=min(values),
        maximum=max(values),
        distribution={value: counts[value] for value in sorted(counts)},
    )


def describe_by_group(pairs: Sequence[tuple[G, float]]) -> dict[G, Description]:
    """Describe the values of each group; groups in sorted order, None last."""
    groups: dict[G, list[float]] = defaultdict(list)
    for group, value in pairs:
        groups[group].append(value)
    return {group: describe(groups[group]) for group in sorted(groups, key=_group_order)}


def _group_order(group: Any) -> tuple[bool, Any]:
    return group is None, group
