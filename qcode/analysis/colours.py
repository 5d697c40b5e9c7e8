"""Coder colours told apart at a glance (CIELAB ΔE); the colour a code without one is shown in."""

from __future__ import annotations

from collections.abc import Iterable

# Okabe–Ito and Tableau colours, then darker and lighter ones: distinct for most eyes.
CANDIDATES = (
    "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7",
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
    "#7f7f7f", "#bcbd22", "#17becf", "#000000", "#8b0000", "#006400", "#00008b",
    "#ff1493", "#808000", "#4b0082",
)  # fmt: skip


# The colours new codes get, and the fallback a code without a colour is shown in.
CODE_PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
)  # fmt: skip


def code_colour(color: str | None, code_id: int) -> str:
    """The colour a code is shown in: its own, else one of the palette fixed by its id.

    Only for display: a code whose file or user gave it no colour keeps None as data.
    """
    return color or CODE_PALETTE[code_id % len(CODE_PALETTE)]


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def lab(colour: str) -> tuple[float, float, float]:
    """CIELAB (D65) of a "#rrggbb" colour."""
    r, g, b = (_linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def difference(one: str, other: str) -> float:
    """ΔE*ab between two colours (about 2.3 is just noticeable; 20 and more reads as other)."""
    a, b = lab(one), lab(other)
    return sum((p - q) ** 2 for p, q in zip(a, b, strict=True)) ** 0.5


def distinct_colour(taken: Iterable[str]) -> str:
    """The candidate whose nearest taken colour is farthest away (the first if none taken)."""
    used = [c.lower() for c in taken]
    if not used:
        return CANDIDATES[0]
    return max(CANDIDATES, key=lambda c: min(difference(c, u) for u in used))
