"""A reproducible synthetic corpus: long transcripts with speaker turns, and random coding."""

from __future__ import annotations

import random
from dataclasses import dataclass

WORDS = [
    "mentoring",
    "time",
    "listen",
    "support",
    "practice",
    "colleague",
    "pressure",
    "rota",
    "trust",
    "confidence",
    "career",
    "burnout",
    "reflect",
    "meeting",
    "partner",
    "surgery",
    "patient",
    "change",
    "step",
    "goal",
    "option",
    "workload",
    "balance",
    "feel",
    "honest",
    "space",
    "learn",
    "skill",
    "help",
    "better",
    "relationship",
    "health",
]


@dataclass(frozen=True)
class CorpusSpan:
    """One coding to apply: code index, coder index, start, end."""

    code: int
    coder: int
    start: int
    end: int


def transcript(chars: int, seed: int = 1) -> str:
    """About ``chars`` characters of interview turns, lines under 100 characters."""
    rng = random.Random(seed)
    lines: list[str] = []
    size = 0
    turn = 0
    while size < chars:
        speaker = "Interviewer" if turn % 2 == 0 else "PX"
        words = [rng.choice(WORDS) for _ in range(rng.randint(6, 14))]
        line = f"{speaker}: " + " ".join(words).capitalize() + "."
        lines.append(line)
        size += len(line) + 1
        turn += 1
    return "\n".join(lines)[:chars]


def random_spans(
    length: int, count: int, codes: int, coders: int, seed: int = 2
) -> list[CorpusSpan]:
    """``count`` spans of 40 to 600 characters spread over a text of ``length``."""
    rng = random.Random(seed)
    spans = []
    for _ in range(count):
        size = rng.randint(40, 600)
        start = rng.randrange(0, max(1, length - size))
        spans.append(CorpusSpan(rng.randrange(codes), rng.randrange(coders), start, start + size))
    return spans
