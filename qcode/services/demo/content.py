"""What the demo project holds: participants, coders, cases, memos, CMO statements, plan loaders."""

from __future__ import annotations

import csv
import io
from importlib import resources
from importlib.resources.abc import Traversable
from typing import NamedTuple

from qcode.errors import QcodeError
from qcode.services.codebook.exchange import read_codebook_csv

TITLE = "Demo: mentoring and GP wellbeing (fictional)"
TRANSCRIPTS = ("PA 1.txt", "PA 2.txt", "PB 1.txt", "PB 2.txt", "PC 1.txt", "PC 2.txt", "PD 1.txt")
QUESTIONNAIRE = "questionnaire.csv"
CODEBOOK = "codebook.csv"
CODING_PLAN = "coding.csv"
CODEBOOK_AUTHOR = "Ana"

AttributeValue = str | int | float | bool

PARTICIPANTS: dict[str, dict[str, AttributeValue]] = {
    "PA": {
        "Job role": "GP partner",
        "Years qualified": 18,
        "Mentor training year": 2023,
        "Models learned": "Skilled Helper",
        "Mentees": 1,
    },
    "PB": {
        "Job role": "Salaried GP",
        "Years qualified": 7,
        "Mentor training year": 2023,
        "Models learned": "GROW",
        "Mentees": 6,
    },
    "PC": {
        "Job role": "GP trainer",
        "Years qualified": 25,
        "Mentor training year": 2021,
        "Models learned": "Skilled Helper; CLEAR",
        "Mentees": 5,
    },
    "PD": {
        "Job role": "Portfolio GP",
        "Years qualified": 4,
        "Mentor training year": 2023,
        "Models learned": "OSKAR",
        "Mentees": 2,
    },
}

CODERS: tuple[tuple[str, str], ...] = (("Ana", "#0072b2"), ("Ben", "#e69f00"))

# name, participant, description
CASES: tuple[tuple[str, str, str], ...] = (
    (
        "PA: a new partner finding her feet",
        "PA",
        "A partner eighteen months in, overwhelmed by lead roles; followed from the first "
        "sessions to a changed job and a decision to stay.",
    ),
    (
        "PB: back to work after sickness absence",
        "PB",
        "A GP returning after long sickness absence: confidentiality tested, longer "
        "appointments asked for, a route to the doctors' health service.",
    ),
    (
        "PC: an exhausted colleague next door",
        "PC",
        "A partner from a neighbouring practice, exhausted and drinking more; signed off, "
        "stepped down from a role and rebuilt his week.",
    ),
)


class SegmentKey(NamedTuple):
    """One row of the coding plan, which also names the segment it makes."""

    document: str
    code: str
    coder: str
    quote: str


class MemoSpec(NamedTuple):
    """A memo to write: on a document (name), code (path), segment (plan key) or case (name)."""

    kind: str
    target: str | SegmentKey
    title: str
    text: str
    author: str


MEMOS: tuple[MemoSpec, ...] = (
    MemoSpec(
        "document",
        "PC 2",
        "Interview notes",
        "Second interview by video. PC asked his mentee's permission before talking about him "
        "again, and says the mentee wants it known that mentoring helped. Check at the "
        "workshop whether this changes how we anonymise the case.",
        "Ana",
    ),
    MemoSpec(
        "code",
        "Staying in general practice/Limits of mentoring",
        "Keep the disconfirming cases",
        "This category holds accounts where mentoring did not help, was the wrong tool, or "
        "risks standing in for fixing the rota. PD and the questionnaire (Q8) are the main "
        "sources. Do not fold it into the other categories: reviewers will ask for it.",
        "Ben",
    ),
    MemoSpec(
        "segment",
        SegmentKey(
            "PB 1",
            "Better working relationships/Building trust",
            "Ana",
            "in the first session she asked me straight out whether I'd be reporting back to "
            "her practice manager. She thought I was part of the, the performance side of "
            "things.",
        ),
        "Trust or stigma?",
        "I coded this as trust being tested; Ben coded the same words as mentoring seen as "
        "remedial. Both readings hold. Bring it to the workshop and decide whether it needs "
        "both codes.",
        "Ana",
    ),
    MemoSpec(
        "case",
        "PC: an exhausted colleague next door",
        "Across the waves",
        "Wave 1: exhaustion, alcohol, the CLEAR contract lets PC name his worry. Wave 2: sick "
        "leave, phased return, the clinical director role given up, week rebuilt round what "
        "gives him energy. Candidate for the wellbeing vignette.",
        "Ana",
    ),
)

_S = "Better specialist support through mentoring"
_W = "Better working relationships"
_H = "Better physical and psychological health"
_B = "Better work"
_T = "Staying in general practice"


class CmoSpec(NamedTuple):
    """A configuration statement: its theme, words, categories, and evidence.

    Each evidence item is (document, words): the one segment of Ana's in that document
    whose quote contains those words.
    """

    theme: str
    text: str
    categories: tuple[str, ...]
    evidence: tuple[tuple[str, str], ...]


CMO_STATEMENTS: tuple[CmoSpec, ...] = (
    CmoSpec(
        _S,
        "Where a scheme is known about and not read as a sign of trouble, and mentors have "
        "time set aside, doctors come forward; a trained mentor who holds back advice keeps "
        "the agenda with the mentee.",
        (
            f"{_S}/Availability and awareness of mentoring",
            f"{_S}/Protected time",
            f"{_S}/Trained mentor using a model",
        ),
        (("PB 2", "the old wording told you"), ("PA 1", "The tricky bit is that the time")),
    ),
    CmoSpec(
        _S,
        "Inside that relationship a mentee can admit what is wrong, and the mentor can open "
        "a route to a GP, occupational health or a doctors' health service.",
        (f"{_S}/Trained mentor using a model", f"{_S}/Route to specialist help"),
        (("PB 2", "she'd agreed to contact"), ("PC 1", "He agreed to see his own GP")),
    ),
    CmoSpec(
        _W,
        "Relationship problems brought to mentoring are worked through once trust is "
        "established; mentors then carry the same skills into meetings and corridors, and "
        "teams begin to talk differently.",
        (
            f"{_W}/Relationship issues brought to mentoring",
            f"{_W}/Building trust",
            f"{_W}/Mentoring skills used informally",
            f"{_W}/Team conversations changing",
        ),
        (("PA 2", "doing the summarising thing"), ("PC 2", "case that stayed with me")),
    ),
    CmoSpec(
        _H,
        "Under workload and illness, a safe and confidential space in which the doctor feels "
        "listened to lets them name the problem and accept help, and sleep, drinking and "
        "confidence improve.",
        (
            f"{_H}/Threats to wellbeing",
            f"{_H}/Safe, confidential space",
            f"{_H}/Feeling listened to",
        ),
        (("PC 1", "outside his own area"), ("PA 1", "the first time in months")),
    ),
    CmoSpec(
        _H,
        "Mentoring renews mentors, but without supervision they carry their mentees' distress "
        "alone; peer groups of mentors take some of that weight.",
        (f"{_H}/Mentors' own wellbeing",),
        (("PC 2", "The five of us who trained"), ("PA 2", "no supervision for us mentors")),
    ),
    CmoSpec(
        _B,
        "At a career transition, reflection and kind challenge lead to goals the mentee owns, "
        "and work is rearranged rather than abandoned.",
        (
            f"{_B}/Career transitions",
            f"{_B}/Reflection and being challenged",
            f"{_B}/Goal setting and action",
        ),
        (("PA 1", "two goals"), ("PC 2", "rate his energy")),
    ),
    CmoSpec(
        _T,
        "When a doctor is thinking of leaving, mentoring that helps them reshape the job "
        "supports staying; where the causes lie in the rota, mentoring alone reaches its "
        "limits.",
        (f"{_T}/Thinking of leaving", f"{_T}/Reshaping the job", f"{_T}/Limits of mentoring"),
        (("PB 2", "swapped the duty day"), ("PC 2", "make the rota possible")),
    ),
)


class PlanRow(NamedTuple):
    """A plan row: the segment to make, and the topic case (if any) it belongs to."""

    key: SegmentKey
    case: str


def demo_folder() -> Traversable:
    """The shipped demo material (inside the wheel as qcode.resources/demo)."""
    return resources.files("qcode.resources").joinpath("demo")


def _read(name: str) -> str:
    return demo_folder().joinpath(name).read_text(encoding="utf-8")


def codebook_rows() -> list[dict[str, str]]:
    """The demo codebook: path, flags, color and the description fields, parents first."""
    return read_codebook_csv(_read(CODEBOOK), f"demo {CODEBOOK}")


def coding_plan() -> list[PlanRow]:
    """The coding plan: who codes which quote of which document with which code."""
    reader = csv.DictReader(io.StringIO(_read(CODING_PLAN)))
    rows = []
    for number, row in enumerate(reader, start=2):
        fields = [row.get(name) for name in ("document", "code", "coder", "quote")]
        if not all(fields):
            raise QcodeError(f"demo {CODING_PLAN}: row {number} is incomplete")
        document, code, coder, quote = (str(value) for value in fields)
        rows.append(PlanRow(SegmentKey(document, code, coder, quote), row.get("case") or ""))
    return rows


class VignetteSpec(NamedTuple):
    """A composite vignette: title, outcome theme, narrative, and per section the
    (document, words) of Ana's segments it quotes, as CMO evidence is named."""

    title: str
    theme: str
    narrative: str
    sections: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]


VIGNETTE = VignetteSpec(
    "A partner under strain",
    _S,
    "A composite of three mentees' accounts: a partner with no time of her own finds a "
    "mentor, is listened to, and takes a first step towards help.",
    (
        ("context", (("PA 1", "The tricky bit is that the time"),)),
        ("mechanism", (("PB 2", "she'd agreed to contact"),)),
        ("outcome", (("PC 1", "He agreed to see his own GP"),)),
    ),
)
