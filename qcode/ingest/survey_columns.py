"""Questionnaire column classes: open text, categorical, numeric, Likert (detected or chosen).

Detection, for a column's non-empty answers:

- **numeric**: every answer is a number; **likert** if every one is also a whole number
  from 0 to 10 (a rating scale's points).
- **likert**: every answer is a scale label ("Strongly agree", "Often", ...) other than
  yes/no/don't know alone.
- **categorical**: every answer is a number, true/false or date (mixed), or every answer is
  one line of at most 40 characters, there are at most 10 distinct answers, and either they
  are scale labels (yes/no ...), or they repeat (distinct <= half the answers), or each is a
  short label (at most 4 words, no sentence punctuation) and either one repeats or the
  heading names a grouping ("Role", "Job title", "Site", "Gender", ...: a word of
  ``GROUPING_WORDS``).
- **open** otherwise. A column without answers is **empty** and ignored.

A chosen class is checked against the answers: numeric needs numbers, Likert whole numbers
or labels (one line of at most 40 characters without . ! ?), categorical one-line answers;
open text takes anything.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from qcode.errors import IngestError, QcodeError

OPEN, CATEGORICAL, NUMERIC, LIKERT, EMPTY = "open", "categorical", "numeric", "likert", "empty"
COLUMN_CLASSES = (OPEN, CATEGORICAL, NUMERIC, LIKERT)
MAX_CHOICES = 10
MAX_CHOICE_LENGTH = 40
MAX_LABEL_WORDS = 4
LIKERT_POINTS = range(0, 11)
_ALIASES = {"open text": OPEN, "open-text": OPEN, "text": OPEN, "number": NUMERIC}
_CHOICE_LABELS = frozenset({"yes", "no", "don't know", "not sure", "n/a"})
_SCALE_LABELS = frozenset(
    {
        "strongly agree",
        "agree",
        "somewhat agree",
        "neither agree nor disagree",
        "neutral",
        "somewhat disagree",
        "disagree",
        "strongly disagree",
        "very satisfied",
        "satisfied",
        "dissatisfied",
        "very dissatisfied",
        "never",
        "rarely",
        "sometimes",
        "often",
        "always",
    }
)
GROUPING_WORDS = frozenset(
    {
        "role",
        "job",
        "title",
        "profession",
        "grade",
        "gender",
        "sex",
        "site",
        "practice",
        "region",
        "area",
        "team",
        "department",
        "group",
        "setting",
        "specialty",
        "speciality",
        "location",
        "organisation",
        "organization",
        "cohort",
    }
)
_SENTENCE = re.compile(r"[.!?;:,]")

Cell = Any
Typed = Callable[[Cell], Any]  # a cell's number, bool or ISO date, or None


@dataclass(frozen=True)
class SurveyColumn:
    """One question column: its heading, class (detected unless chosen) and answers."""

    heading: str
    detected: str
    chosen: str
    answers: int
    distinct: int
    example: str


def parse_column_option(text: str) -> tuple[str, str]:
    """'HEADING=CLASS' (as --column gives it) as (heading, class), or a one-line QcodeError."""
    heading, sep, kind = text.rpartition("=")
    heading = " ".join(heading.split())
    if not sep or not heading:
        raise QcodeError(f"--column '{text}': give HEADING=CLASS, e.g. \"Role=categorical\"")
    return heading, column_class(kind, f"--column '{text}'")


def column_class(text: str, where: str) -> str:
    """A class name (any case; "open text" and "number" accepted) or a one-line QcodeError."""
    key = " ".join(text.lower().split())
    key = _ALIASES.get(key, key)
    if key not in COLUMN_CLASSES:
        known = ", ".join(COLUMN_CLASSES)
        raise QcodeError(f"{where}: unknown column class '{text}' (use {known})")
    return key


def detect(
    heading: str, answers: Sequence[Cell], typed: Typed, text_of: Callable[[Cell], str]
) -> str:
    """The class of a column from its heading and non-empty answers (rules in the docstring)."""
    if not answers:
        return EMPTY
    values = [typed(cell) for cell in answers]
    if all(v is not None for v in values):
        return _typed_class(values)
    texts = [text_of(cell).strip() for cell in answers]
    distinct = {text.casefold() for text in texts}
    short = all(len(t) <= MAX_CHOICE_LENGTH and "\n" not in t for t in texts)
    if not short or len(distinct) > MAX_CHOICES:
        return OPEN
    if distinct <= _SCALE_LABELS:
        return LIKERT
    if distinct <= _SCALE_LABELS | _CHOICE_LABELS or 2 * len(distinct) <= len(texts):
        return CATEGORICAL
    grouping = bool(GROUPING_WORDS & set(re.findall(r"[a-z]+", heading.lower())))
    if all(_is_label(t) for t in texts) and (grouping or len(distinct) < len(texts)):
        return CATEGORICAL
    return OPEN


def _typed_class(values: list[Any]) -> str:
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if len(numbers) < len(values):
        return CATEGORICAL
    if all(isinstance(v, int) and v in LIKERT_POINTS for v in numbers):
        return LIKERT
    return NUMERIC


def _is_label(text: str) -> bool:
    """A choice-list answer: a few words, no sentence punctuation."""
    return len(text.split()) <= MAX_LABEL_WORDS and not _SENTENCE.search(text)


def check_choice(
    name: str, heading: str, kind: str, numbered: Sequence[tuple[int, Cell]], typed: Typed
) -> None:
    """Refuse a chosen class the answers (row number, cell) cannot take, in one line."""
    for number, cell in numbered:
        value = typed(cell)
        if kind == NUMERIC and not _is_number(value):
            problem = "is not a number"
        elif kind == LIKERT and not (isinstance(value, int) and not isinstance(value, bool)):
            problem = "" if _scale_point(cell) else "is not a scale point"
        elif kind == CATEGORICAL:
            problem = "" if _one_line(cell, None) else "has more than one line"
        else:
            problem = ""
        if problem:
            raise IngestError(
                f"{name}: column '{heading}' cannot be {kind}: the answer in row {number} {problem}"
            )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _scale_point(cell: Cell) -> bool:
    """A Likert answer given as text: one short line, not a sentence."""
    text = str(cell).strip()
    return _one_line(text, MAX_CHOICE_LENGTH) and not re.search(r"[.!?]", text)


def _one_line(cell: Cell, limit: int | None) -> bool:
    if not isinstance(cell, str):
        return True
    text = cell.strip()
    return "\n" not in text and "\r" not in text and (limit is None or len(text) <= limit)


def attribute_value(kind: str, cell: Cell, typed: Typed, text_of: Callable[[Cell], str]) -> Any:
    """A closed answer as stored: numbers typed; categorical answers as text (true/false kept)."""
    value = typed(cell)
    if kind in (NUMERIC, LIKERT) and value is not None:
        return value
    if isinstance(value, bool | dt.date):
        return value
    return text_of(cell).strip()


def resolve_classes(
    headings: Sequence[str], detected: Mapping[int, str], chosen: Mapping[str, str]
) -> dict[int, str]:
    """Each column's class: the chosen one where given (by heading, any case), else detected."""
    by_heading = {heading.casefold(): kind for heading, kind in chosen.items()}
    return {
        col: by_heading.get(headings[col].casefold(), kind) if kind != EMPTY else EMPTY
        for col, kind in detected.items()
    }


def unknown_headings(chosen: Mapping[str, str], headings: Sequence[str]) -> list[str]:
    """The chosen headings no column has (compared ignoring case)."""
    known = {heading.casefold() for heading in headings}
    return [heading for heading in chosen if heading.casefold() not in known]
