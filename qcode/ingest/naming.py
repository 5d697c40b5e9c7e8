"""Participant id and interview wave from a file name such as ``PJ 1.docx``.

**How qcode reads participant and wave from a file name.** Only the name
without its suffix is looked at, and only its start. An *interview* name starts
with ``P`` and one letter, in any case (``PJ``, ``pj``), or ``P`` and two
capital letters (``PAB``); the id must not run on into more letters, so
``Pat 1``, ``Pilot 2`` and ``Interview notes`` are not ids. The participant is
that id in capitals. The *wave* is the first number after the id, 1 to 99, with
a leading zero allowed; spaces, ``_``, ``-``, ``.`` and words may come between
(``PJ 1``, ``PJ_2``, ``PR2``, ``PJ-interview-3``, ``PJ wave 04``); anything
may follow it (``PJ 1 final``). An id with no such number, or a larger one
(``PJ 2024-05-01``), gives a participant and no wave. A *questionnaire
respondent* name is ``Q`` and up to five digits (``Q12``, ``q7 answers``): the
participant is ``Q`` plus the digits as written, with no wave. Any other name
gives neither. The regular expressions are ``INTERVIEW_PATTERN`` and
``RESPONDENT_PATTERN`` in ``qcode/ingest/naming.py``.

**Clean names.** A name taken from a file name (``clean_name``) has every control
character (C0 U+0000-U+001F, DEL U+007F, C1 U+0080-U+009F, and the line and
paragraph separators U+2028/U+2029) replaced by a space, then runs of whitespace
collapsed to one space and the ends trimmed: ``"PJ\n1\tfinal"`` reads ``PJ 1 final``.
"""

from __future__ import annotations

import re

INTERVIEW_PATTERN = re.compile(
    r"""^\s*
    (?P<pid>[Pp][A-Za-z]|P[A-Z]{2})(?![A-Za-z])          # PJ, pj, PAB
    (?:
        (?:[\s_.\-]+[A-Za-z]+)*                             # words: -interview, _wave
        [\s_.\-]*
        (?P<wave>0?[1-9]|[1-9][0-9])(?![0-9A-Za-z])         # 1-99
    )?""",
    re.VERBOSE,
)
RESPONDENT_PATTERN = re.compile(r"^\s*[Qq](?P<num>[0-9]{1,5})(?![0-9A-Za-z])")
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
UNTITLED = "Untitled"


def clean_name(text: str) -> str:
    """``text`` with control characters turned into spaces and whitespace collapsed."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", text).split())


def name_from_stem(stem: str) -> str:
    """A document name for a file stem: cleaned, or ``Untitled`` if nothing is left."""
    return clean_name(stem) or UNTITLED


def infer_participant_wave(stem: str) -> tuple[str | None, int | None]:
    """(participant, wave) read from a file stem by the rules in the module docstring."""
    stem = clean_name(stem)
    respondent = RESPONDENT_PATTERN.match(stem)
    if respondent:
        return f"Q{respondent['num']}", None
    interview = INTERVIEW_PATTERN.match(stem)
    if not interview:
        return None, None
    wave = interview["wave"]
    return interview["pid"].upper(), int(wave) if wave else None
