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


TeamRow = tuple[int, int, int, int, int]
"""One coded span of a team corpus: code index, document index, coder index, start, end."""


def interview(words: int, seed: int = 1, speaker: str = "PX") -> str:
    """An interview of about ``words`` words: turns of 6 to 14 words, one line each."""
    rng = random.Random(seed)
    pool = rng.choices(WORDS, k=words)
    lines: list[str] = []
    at = 0
    while at < words:
        size = rng.randint(6, 14)
        who = "Interviewer" if len(lines) % 2 == 0 else speaker
        lines.append(f"{who}: " + " ".join(pool[at : at + size]).capitalize() + ".")
        at += size
    return "\n".join(lines)


def team_spans(
    sizes: list[int], coders: int, segments: int, codes: int, seed: int = 5
) -> list[TeamRow]:
    """About ``segments`` spans by a team coding shared passages, with jitter and slips.

    Each passage (40–600 characters) is coded by every coder, each moving its ends by up
    to 40 characters; one time in ten a coder picks another code, one in twenty skips it.
    A coder's overlapping spans of one code in one document are folded into one, as
    qcode folds them when coding (so slightly fewer than ``segments`` remain).
    """
    rng = random.Random(seed)
    per_doc = max(1, round(segments / (max(1, len(sizes)) * coders * 0.95)))
    rows: list[TeamRow] = []
    for doc, size in enumerate(sizes):
        for _ in range(per_doc):
            code = rng.randrange(codes)
            length = min(rng.randint(40, 600), size - 1)
            start = rng.randrange(0, size - length)
            for coder in range(coders):
                if rng.random() < 0.05:
                    continue
                chosen = rng.randrange(codes) if rng.random() < 0.1 else code
                lo = max(0, start + rng.randint(-40, 40))
                hi = max(lo + 1, min(size, start + length + rng.randint(-40, 40)))
                rows.append((chosen, doc, coder, lo, hi))
    return fold(rows)


def fold(rows: list[TeamRow]) -> list[TeamRow]:
    """Merge overlapping spans of the same code, document and coder (touching ones stay)."""
    folded: list[TeamRow] = []
    for row in sorted(rows, key=lambda r: (r[1], r[0], r[2], r[3], r[4])):
        last = folded[-1] if folded else None
        if last is not None and last[:3] == row[:3] and row[3] < last[4]:
            folded[-1] = (*last[:4], max(last[4], row[4]))
        else:
            folded.append(row)
    return folded


@dataclass(frozen=True)
class CodeSpec:
    """One code of a generated codebook: its path, realist flags and colour."""

    path: tuple[str, ...]
    flags: str
    color: str


THEMES = {
    "Better work": ["Protected time", "Rota pressure", "Being listened to", "Workload"],
    "Better relationships": ["Safe space", "Trust", "Partner support", "Colleague talk"],
    "Better health": ["Burnout", "Balance", "Reflection", "Honest feedback"],
    "Career growth": ["Confidence", "New skills", "Goals", "Options"],
    "Better practice": ["Patient focus", "Change in surgery", "Learning", "Meetings"],
}
SUBCATEGORIES = ["early", "ongoing", "barrier"]
COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"]


def realist_codebook(subcategories: int = 1) -> list[CodeSpec]:
    """Outcome themes > categories flagged C or M > sub-categories (45 codes by default).

    Parents come before their children. Categories alternate between context (C) and
    mechanism (M); every third is both (CM).
    """
    specs: list[CodeSpec] = []
    number = 0
    for theme, categories in THEMES.items():
        specs.append(CodeSpec((theme,), "", COLORS[len(specs) % len(COLORS)]))
        for category in categories:
            flags = "CM" if number % 3 == 2 else "CM"[number % 2]
            color = COLORS[number % len(COLORS)]
            specs.append(CodeSpec((theme, category), flags, color))
            for sub in SUBCATEGORIES[:subcategories]:
                specs.append(CodeSpec((theme, category, f"{category}: {sub}"), "", color))
            number += 1
    return specs
