"""Which way a sending tool counted selection offsets, and mapping them onto qcode's text.

qcode stores text with ``\\n`` line endings and counts code points. A source file from
another tool may have CR LF line endings, a byte-order mark and characters beyond
U+FFFF, and tools disagree on how to count them. Each way of counting is a
*convention*: CR LF as one or two, code points or UTF-16 units, and whether the
tool's text began with U+FEFF (which the file's reader takes for a byte-order mark).

The producer named in ``origin`` gives a prior, from what the tools are known to do:

- NVivo (a .NET program): UTF-16 units, CR LF as 2;
- ATLAS.ti: CR LF as 1 (QualCoder's importer makes the same correction for it);
- MAXQDA: CR LF as 1 (QualCoder writes CR LF for MAXQDA and keeps ``\\n`` offsets);
- QualCoder (Python): code points, over text with ``\\n`` line ends (its optional
  CR LF "for MAXQDA" keeps those offsets, so CR LF as 1);
- anyone else: the file's own characters (code points, CR LF as 2).

The selections then decide per source. Every convention that would give different
offsets for this text is tried, and one is preferred to another when, in order,

1. fewer selections fall outside the text or inside a CR LF, a surrogate pair or
   the BOM (a right convention never does);
2. more selections read the text the file quotes for them (``name`` is often the
   selection's text, perhaps cut short with "…");
3. clearly more selection ends lie on word boundaries (people select words): at
   least ``EDGE_MARGIN`` more ends, and a fifth of those that move.

The producer's convention stands unless another is preferred to it by that evidence;
when the evidence cannot separate conventions that would move a selection, the
producer's (or the file's own) is assumed and the caller reports it. Files qcode
wrote itself are taken as written (``exact``).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

Span = tuple[int, int, str | None]  # start, end, quoted text (the selection's name)
_CRLF = re.compile("\r\n")
_ELLIPSIS = ("…", "...")
EDGE_MARGIN = 3  # one selection (two ends) never outweighs the producer's convention
BOM = "\ufeff"


@dataclass(frozen=True)
class Convention:
    """One way of counting: CR LF as two units, UTF-16 units, a leading U+FEFF counted."""

    crlf_two: bool = False
    utf16: bool = False
    bom: bool = False

    def describe(self, crlf: bool = True) -> str:
        """E.g. ``positions counted in UTF-16 units, CR LF as 2 characters`` (CR LF named only
        if the text has one)."""
        units = "UTF-16 units" if self.utf16 else "characters (code points)"
        parts = [f"positions counted in {units}"]
        if crlf:
            parts.append("CR LF as " + ("2 characters" if self.crlf_two else "1 character"))
        if self.bom:
            parts.append("the text beginning with U+FEFF (kept)")
        return ", ".join(parts)


@dataclass(frozen=True)
class Producer:
    """The tool that wrote a file, as far as ``origin`` tells, and how it counts."""

    name: str  # "" when the file does not say or the tool is not known
    prior: Convention


FILE_OWN = Convention(crlf_two=True)
PRODUCERS = (
    ("nvivo", "NVivo", Convention(crlf_two=True, utf16=True)),
    ("atlas.ti", "ATLAS.ti", Convention(crlf_two=False)),
    ("maxqda", "MAXQDA", Convention(crlf_two=False)),
    ("qualcoder", "QualCoder", Convention(crlf_two=False)),
)


def producer_of(origin: str) -> Producer:
    """The producer an ``origin`` names ("NVivo for Windows 12.6", "QualCoder 3.6", …)."""
    lowered = origin.lower()
    for key, name, prior in PRODUCERS:
        if key in lowered:
            return Producer(name, prior)
    return Producer("", FILE_OWN)


class OffsetMap:
    """Converts offsets counted under a convention into offsets into the normalised text."""

    def __init__(self, wide: Sequence[int], shift: int = 0) -> None:
        self._wide = sorted(wide)  # text offsets of characters that count as two units
        self._wide_units = [offset + n for n, offset in enumerate(self._wide)]
        self._shift = shift

    def to_offset(self, unit: int) -> int | None:
        """The text offset of a unit position; None if it falls inside one character."""
        unit -= self._shift
        if unit < 0:
            return None
        before = bisect_left(self._wide_units, unit)
        if before and self._wide_units[before - 1] + 1 == unit:
            return None
        return unit - before


@dataclass(frozen=True)
class Mapping:
    """The normalised text, how its selections' offsets are read, and what that rests on."""

    text: str
    convention: Convention
    offsets: OffsetMap
    assumed: bool  # another convention fits as well and would move some selection
    needed: bool  # the text has something that conventions count differently
    producer: str = ""  # the producer whose habit the convention is ("" if none)
    crlf: bool = False  # the file's text had CR LF line ends
    moved: bool = False  # some selection lands elsewhere than on the file's own characters

    @property
    def plain(self) -> bool:
        """Whether offsets were the file's own characters (nothing to convert)."""
        own = self.convention.crlf_two or not self.crlf
        return own and not self.convention.utf16 and not self.convention.bom

    def describe(self) -> str:
        """The convention in words, with the producer whose habit it is."""
        habit = f" (as {self.producer} counts)" if self.producer else ""
        return self.convention.describe(self.crlf) + habit

    def report(self) -> str | None:
        """One line for the import summary, or None if there is nothing to say."""
        if self.assumed:
            return (
                f"its selections do not show how positions were counted; assumed {self.describe()}"
            )
        if self.moved and not self.plain:
            return f"{self.describe()}; converted to qcode's characters"
        return None


@dataclass(frozen=True)
class Evidence:
    """How well the selections fit one convention (see the module docstring)."""

    broken: int  # selections outside the text or inside one character
    read: int  # selections that read their quoted text
    edges: int  # selection ends on word boundaries


@dataclass(frozen=True)
class Trial:
    """One convention tried on a source: its text, its offset map and the evidence."""

    convention: Convention
    text: str
    offsets: OffsetMap
    evidence: Evidence
    places: tuple[int | None, ...]  # where each selection end falls in the file's text


def normalise(raw: str) -> tuple[str, list[int]]:
    """Text with ``\\n`` line endings, and the offsets of the ``\\n`` that were CR LF."""
    crlf = [match.start() - n for n, match in enumerate(_CRLF.finditer(raw))]
    return raw.replace("\r\n", "\n").replace("\r", "\n"), crlf


def quote_of(name: str | None) -> str | None:
    """The text a selection's name quotes, if it can be one: whitespace collapsed."""
    if not name:
        return None
    text = name.strip()
    for mark in _ELLIPSIS:
        text = text.removesuffix(mark)
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    return text if len(text) >= 4 else None


def reads(text: str, start: int, end: int, name: str | None) -> bool:
    """Whether ``text[start:end]`` reads what the selection's name quotes."""
    quote = quote_of(name)
    if quote is None:
        return False
    return unicodedata.normalize("NFC", " ".join(text[start:end].split())).startswith(quote)


def on_edge(text: str, offset: int) -> bool:
    """Whether an offset lies on a word boundary (not between two letters or digits)."""
    if offset <= 0 or offset >= len(text):
        return True
    return not (text[offset - 1].isalnum() and text[offset].isalnum())


def choose(raw: str, had_bom: bool, spans: Sequence[Span], origin: str) -> Mapping:
    """Pick the convention the selections were counted in (rules in the module docstring)."""
    text, crlf = normalise(raw)
    astral = [] if text.isascii() else [i for i, c in enumerate(text) if ord(c) > 0xFFFF]
    producer = producer_of(origin)
    candidates = _candidates(bool(crlf), bool(astral), had_bom, producer.prior)
    trials = [_trial(text, crlf, astral, convention, spans) for convention in candidates]
    chosen, assumed = _pick(trials)
    prior = candidates[0]
    own = next(trial for trial in trials if trial.convention == Convention(crlf_two=bool(crlf)))
    return Mapping(
        chosen.text,
        chosen.convention,
        chosen.offsets,
        assumed,
        needed=len(candidates) > 1,
        producer=producer.name if chosen.convention == prior and producer.name else "",
        crlf=bool(crlf),
        moved=chosen.convention.bom or bool(_moved(chosen, own)),
    )


def exact(raw: str) -> Mapping:
    """Offsets as code points of the file's own text: for files qcode wrote itself (which
    writes CR LF only where the document's source had them, counted as two)."""
    text, crlf = normalise(raw)
    convention = Convention(crlf_two=bool(crlf))
    return Mapping(text, convention, OffsetMap(crlf), assumed=False, needed=False, crlf=bool(crlf))


def _candidates(crlf: bool, astral: bool, bom: bool, prior: Convention) -> list[Convention]:
    """Conventions that differ for this text, the producer's (as far as it matters) first."""
    first = Convention(crlf_two=prior.crlf_two and crlf, utf16=prior.utf16 and astral)
    others = [
        Convention(crlf_two=c, utf16=u, bom=b)
        for c in ([True, False] if crlf else [False])
        for u in ([False, True] if astral else [False])
        for b in ([False, True] if bom else [False])
    ]
    return [first, *(convention for convention in others if convention != first)]


def _trial(
    text: str, crlf: list[int], astral: list[int], convention: Convention, spans: Sequence[Span]
) -> Trial:
    shift = 1 if convention.bom else 0  # the U+FEFF is kept as the text's first character
    wide = (crlf if convention.crlf_two else []) + (astral if convention.utf16 else [])
    offsets = OffsetMap([offset + shift for offset in wide])
    counted = BOM + text if convention.bom else text
    broken = read = edges = 0
    places: list[int | None] = []
    for start, end, name in spans:
        first, last = offsets.to_offset(start), offsets.to_offset(end)
        places += [None if at is None else at - shift for at in (first, last)]
        if first is None or last is None or not 0 <= first < last <= len(counted):
            broken += 1
            continue
        read += reads(counted, first, last, name)
        edges += on_edge(counted, first) + on_edge(counted, last)
    return Trial(convention, counted, offsets, Evidence(broken, read, edges), tuple(places))


def _pick(trials: list[Trial]) -> tuple[Trial, bool]:
    """The trial the evidence prefers (the producer's first), and whether it was assumed."""
    fewest = min(trial.evidence.broken for trial in trials)
    alive = [trial for trial in trials if trial.evidence.broken == fewest]
    most = max(trial.evidence.read for trial in alive)
    alive = [trial for trial in alive if trial.evidence.read == most]
    for trial in alive:
        others = [other for other in alive if other is not trial]
        if all(_clearly(trial, other) or not _moved(trial, other) for other in others):
            return trial, False
    standing = [t for t in alive if not any(_clearly(o, t) for o in alive if o is not t)]
    return (standing or alive)[0], True


def _moved(one: Trial, other: Trial) -> int:
    """How many selection ends the two conventions place differently."""
    return sum(mine != theirs for mine, theirs in zip(one.places, other.places, strict=True))


def _clearly(better: Trial, worse: Trial) -> bool:
    """Whether ``better`` has clearly more selection ends on word boundaries."""
    moved = _moved(better, worse)
    gain = better.evidence.edges - worse.evidence.edges
    return moved > 0 and gain >= max(EDGE_MARGIN, -(-moved // 5))
