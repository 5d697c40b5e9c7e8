"""A vignette's anonymity check: one voice only, names and places of the pseudonym list."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.analysis.names import Mention, find_mentions
from qcode.store.models import VIGNETTE_SECTIONS, Pseudonym, Vignette

SECTION_HEADINGS = {
    "context": "Context",
    "mechanism": "What mentoring did",
    "outcome": "Impact and outcome",
}
EXACT_FORMS = ("exact", "case", "title", "possessive")
"""How an original is found outside the vignette's own words (citations, theme): as written,
with a title or a possessive, never by a misspelling."""
_TITLED = re.compile(
    r"(?<!\w)(?:Dr|Doctor|Mr|Mrs|Ms|Miss|Mx|Prof|Professor)\.?[^\S\n]+"
    r"[A-Z][\w'\u2019-]*(?:[^\S\n]+[A-Z][\w'\u2019-]*)?"
)
"""A title and a capitalised name after it ("Dr M", "Mrs Ann Lowe"): a person named."""
_POSSESSIVE = re.compile(r"['\u2019]s?$")


@dataclass(frozen=True)
class Piece:
    """A text of the vignette the check reads: where it shows, its words, and whether they
    are the vignette's own words (misspellings and titled names are looked for there)."""

    where: str
    text: str
    words: bool = True


@dataclass(frozen=True)
class Listed:
    """The pseudonym list as the check reads it: each original's kind, and the pseudonyms."""

    kinds: dict[str, str]
    pseudonyms: frozenset[str]


@dataclass(frozen=True)
class Finding:
    """Words in a vignette that may identify someone."""

    where: str
    found: str
    original: str | None  # the pseudonym list's original it is; None: a titled name off the list
    kind: str  # the original's kind (person, place, organisation, other) or "titled name"

    def line(self) -> str:
        """What was found, in words (after "vignette 'T' ")."""
        if self.original is None:
            return f"names '{self.found}' ({self.where}): a title and a name, not a pseudonym"
        what = f"a real {self.kind}" if self.kind != "other" else "a real name"
        if self.found.casefold() == self.original.casefold():
            return f"names '{self.found}' ({self.where}), {what} on the pseudonym list"
        return f"names '{self.found}' ({self.where}), like '{self.original}', {what} on the list"


@dataclass(frozen=True)
class AnonymityCheck:
    """What the check found in one vignette; ``passed`` when nothing at all."""

    title: str
    participants: tuple[str, ...]
    findings: tuple[Finding, ...] = ()

    @property
    def one_voice(self) -> bool:
        return len(self.participants) == 1

    @property
    def passed(self) -> bool:
        return not self.one_voice and not self.findings

    def problems(self) -> list[str]:
        """Each problem in one line, the vignette named."""
        lines = []
        if self.one_voice:
            lines.append(
                f"vignette '{self.title}' draws on one participant only "
                f"({self.participants[0]}); a composite should mix several people's accounts "
                "so that no one can be identified"
            )
        lines += [f"vignette '{self.title}' {finding.line()}" for finding in self.findings]
        return lines

    @property
    def warning(self) -> str | None:
        """Every problem in one line, or None when the check passes."""
        return "; ".join(self.problems()) or None


def listed_names(session: Session) -> Listed:
    """The project's pseudonym list, read once for a check."""
    rows = session.execute(select(Pseudonym.original, Pseudonym.pseudonym, Pseudonym.kind)).all()
    return Listed(
        {original: kind for original, _pseudonym, kind in rows},
        frozenset(pseudonym.casefold() for _original, pseudonym, _kind in rows),
    )


def pieces_of(vignette: Vignette, citations: Mapping[int, str] | None = None) -> list[Piece]:
    """The texts of a vignette row: title, theme, narrative, each quote and its citation."""
    pieces = [Piece("in the title", vignette.title)]
    if vignette.theme is not None:
        pieces.append(Piece("in the outcome theme", vignette.theme.name, words=False))
    pieces.append(Piece("in the narrative", vignette.narrative))
    for key in VIGNETTE_SECTIONS:
        parts = sorted((p for p in vignette.parts if p.section == key), key=lambda p: p.position)
        for number, part in enumerate(parts, start=1):
            where = f"{SECTION_HEADINGS[key]}, quote {number}"
            pieces.append(Piece(f"in {where}", part.edited_text))
            cited = (citations or {}).get(part.segment_id or -1)
            if cited:
                pieces.append(Piece(f"in the citation of {where}", cited, words=False))
    return pieces


def check_pieces(
    title: str, participants: Sequence[str], pieces: Sequence[Piece], listed: Listed
) -> AnonymityCheck:
    """The check of a vignette's texts against the pseudonym list (and titled names)."""
    findings: list[Finding] = []
    originals = list(listed.kinds)
    for piece in pieces:
        mentions = find_mentions(piece.text, originals) if originals and piece.text else []
        if not piece.words:
            mentions = [m for m in mentions if m.how in EXACT_FORMS]
        kept = [m for m in mentions if m.found.casefold() not in listed.pseudonyms]
        here = [
            (m.start, Finding(piece.where, m.found, m.name, listed.kinds[m.name])) for m in kept
        ]
        if piece.words:
            here += titled_names(piece, mentions, listed)
        findings += [finding for _start, finding in sorted(here, key=lambda pair: pair[0])]
    unique = dict.fromkeys(findings)  # the same words twice in one place are one finding
    return AnonymityCheck(title, tuple(participants), tuple(unique))


def titled_names(
    piece: Piece, mentions: Sequence[Mention], listed: Listed
) -> list[tuple[int, Finding]]:
    """Titled names ("Dr M") in a piece's words that are neither on the list nor pseudonyms,
    each with where it starts."""
    found = []
    for match in _TITLED.finditer(piece.text):
        start, end = match.span()
        if any(m.start < end and start < m.end for m in mentions):
            continue  # an original (or a pseudonym) of the list, checked as such
        words = match.group().split()
        names = {_POSSESSIVE.sub("", w).casefold() for w in words[1:]}
        if names & pseudonym_words(listed):
            continue
        found.append((start, Finding(piece.where, " ".join(words), None, "titled name")))
    return found


def pseudonym_words(listed: Listed) -> set[str]:
    """Each word of every pseudonym, case folded (a titled pseudonym is no finding)."""
    return {word.strip(".") for pseudonym in listed.pseudonyms for word in pseudonym.split()}
