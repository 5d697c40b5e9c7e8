"""A generated project for the segments report: a nested codebook out of id order, many
documents, three coders and awkward text (commas, quotes, pipes, markup, non-ASCII)."""

from __future__ import annotations

import random
from pathlib import Path

from qcode.services.codebook.edit import add_code
from qcode.services.coding import code_span
from qcode.store.project import create_project
from tests.helpers import add_text

# Added in this order, so that tree order (Care, Care/Sleep, Work, ...) is not id order.
CODES = (
    ("Work", ""),
    ("Care", "C"),
    ("Work/Time", "M"),
    ("Care/Sleep", ""),
    ("Work/Time/Rota", "CM"),
    ("Alone", ""),
)
CODERS = ("Ann", "Ben", "Cy")
DOCUMENTS = (  # name, participant, wave
    ("PB 2", "PB", 2),
    ("PA 1", "PA", 1),
    ("Notes", None, None),
    ("PB 1", "PB", 1),
    ("Q7", "Q7", None),
    ("PA 2", "PA", 2),
)
WORDS = (
    "rota", "time,", "said", '"no"', "a|b", "*star*", "<b>", "&", "café", "–", "=SUM(A1)",
    "(C)", "well-being", "\\", "x\ty",
)  # fmt: skip


def transcript(rng: random.Random) -> str:
    """Lines of speech; some lines end in a parenthesis, some are blank."""
    lines = []
    for number in range(rng.randint(8, 20)):
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 12)))
        lines.append(f"P{number % 2}: {words}" if words else "")
    return "\n".join(lines) + "\n"


def build_report_project(path: Path, segments: int = 160, seed: int = 12) -> Path:
    """Write the project at ``path``; the same seed gives the same project."""
    rng = random.Random(seed)
    with create_project(path) as project:
        texts = {}
        for name, participant, wave in DOCUMENTS:
            texts[name] = transcript(rng)
            add_text(project, name, texts[name], participant, wave)
        for code, flags in CODES:
            add_code(project, code, flags=flags)
        for _ in range(segments):
            name = rng.choice(list(texts))
            start = rng.randrange(len(texts[name]) - 1)
            end = rng.randint(start + 1, min(len(texts[name]), start + 120))
            code = rng.choice(CODES)[0]
            code_span(project, name, code, rng.choice(CODERS), start, end)
    return path
