"""A new coder's proposed colour stays clearly apart from the colours already taken."""

from __future__ import annotations

import random

from qcode.analysis.colours import CANDIDATES, difference, distinct_colour, lab


def test_lab_of_known_colours() -> None:
    assert [round(v) for v in lab("#ffffff")] == [100, 0, 0]
    assert [round(v) for v in lab("#000000")] == [0, 0, 0]
    assert [round(v) for v in lab("#ff0000")] == [53, 80, 67]


def test_the_old_default_was_too_close_to_anas_blue() -> None:
    assert difference("#1f77b4", "#0072b2") < 10  # what the dialog used to propose
    proposed = distinct_colour(["#0072b2"])
    assert difference(proposed, "#0072b2") > 40


def test_the_proposal_is_the_farthest_candidate_from_every_taken_colour() -> None:
    rng = random.Random(3)
    for _ in range(50):
        taken = rng.sample(CANDIDATES, rng.randint(1, 8))
        proposed = distinct_colour(taken)
        nearest = min(difference(proposed, t) for t in taken)
        assert proposed not in taken
        assert all(nearest >= min(difference(c, t) for t in taken) for c in CANDIDATES)
        assert nearest > 20
