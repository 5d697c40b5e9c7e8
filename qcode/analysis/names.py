"""Mentions of listed names in a text: exact, case, titles, possessives and misspellings.

Rules (the pseudonym list and the vignettes' anonymity check rely on them):

- Whole words only: "Rees" is not found in "Reeses" or "Trees", and "Reese" is not an
  exact "Rees" (a misspelling may still be, see below).
- Case is ignored: "rees" and "REES" are found, ``how="case"``.
- A title written before a name belongs to the mention ("Dr Rees", "Dr. Rees",
  "Mrs Rees", "Prof Rees"), ``how="title"``. A listed name's own title is optional in
  the text: a listed "Dr Rees" matches "Rees", "Dr Rees" and "Prof. Rees" alike.
- A possessive belongs to the mention: "Rees's", "Rees'" (the bare apostrophe only
  after a name ending in "s"), ``how="possessive"``.
- Misspellings (``how="fuzzy"``): runs of as many words as the name, separated by
  spaces or a hyphen on one line, starting with a capital and with the name's first
  letter (so "Trees" is no "Rees", "Reese" may be), whose ``fuzz.ratio`` to the
  name is at least ``threshold``; only for names of four or more letters.
- Mentions never overlap: the exact, case, title and possessive forms come first, then
  misspellings fill what is left; within each, the longest mention wins. They are
  sorted by start.

``Mention.replacement(pseudonym)`` keeps the title and possessive as written, so
"Dr. Rees's" with pseudonym "Evans" becomes "Dr. Evans's".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz

How = Literal["exact", "case", "title", "possessive", "fuzzy"]

TITLES = (
    "Dr",
    "Doctor",
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Mx",
    "Prof",
    "Professor",
    "Sister",
    "Nurse",
    "Rev",
    "Revd",
    "Sir",
    "Dame",
    "Lady",
    "Lord",
)
"""Titles recognised before a name, each optionally followed by a full stop."""

_GAP = r"[^\S\n]+"
_TITLE = rf"(?:{'|'.join(TITLES)})\.?{_GAP}"
_LEADING_TITLES = re.compile(rf"^(?:{_TITLE})+", re.IGNORECASE)
_TITLE_BEFORE = re.compile(rf"(?<!\w)(?:{_TITLE})+$", re.IGNORECASE)
_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")
_WORD_GAP = re.compile(rf"{_GAP}|-")
_POSSESSIVE_END = re.compile(r"['\u2019]s$", re.IGNORECASE)
_APOSTROPHE = re.compile("['\u2019]")
_TITLE_LOOKBACK = 40
MIN_FUZZY_LETTERS = 4


@dataclass(frozen=True, slots=True)
class Mention:
    """One place where the text names a listed name."""

    start: int
    end: int
    name: str  # the listed name it matches
    found: str  # the text as written, title and possessive included
    how: How
    title: str = ""  # the title as written, with the space after it ("Dr. ")
    suffix: str = ""  # the possessive as written ("'s", "'")

    def replacement(self, pseudonym: str) -> str:
        """The text to put in place of this mention: the title and possessive kept."""
        core = _LEADING_TITLES.sub("", pseudonym) if self.title else pseudonym
        suffix = self.suffix
        if suffix in ("'", "\u2019") and not core.lower().endswith("s"):
            suffix += "s"
        return f"{self.title}{core or pseudonym}{suffix}"


@dataclass(frozen=True, slots=True)
class _Name:
    listed: str
    core: str
    titled: bool
    pattern: re.Pattern[str]
    key: str  # the core, normalised for comparison
    words: int
    fuzzy: bool
    first: str | None  # the core's first word, normalised (None: it starts with no word)


def find_mentions(text: str, names: Sequence[str], threshold: float = 88.0) -> list[Mention]:
    """Every mention of ``names`` in ``text``, non-overlapping, sorted by start."""
    prepared = [_prepare(name) for name in dict.fromkeys(n.strip() for n in names) if name]
    present = _word_keys(text)
    exact = [
        m
        for name in prepared
        if name.first is None or name.first in present  # (a scan only where it may occur)
        for m in _exact_mentions(text, name)
    ]
    chosen = _choose(exact, [])
    fuzzy = _fuzzy_mentions(text, [n for n in prepared if n.fuzzy], threshold)
    chosen = _choose(fuzzy, chosen)
    return sorted(chosen, key=lambda m: m.start)


@lru_cache(maxsize=1024)
def _prepare(listed: str) -> _Name:
    core = _LEADING_TITLES.sub("", listed).strip() or listed
    words = [_APOSTROPHE.sub("['\u2019]", re.escape(w)) for w in core.split()]
    body = _GAP.join(words)
    apostrophe_only = r"|['\u2019](?!\w)" if core[-1:].lower() == "s" else ""
    pattern = re.compile(
        rf"(?<!\w)(?P<core>{body})"
        rf"(?P<suffix>['\u2019]s(?!\w){apostrophe_only})?(?!\w)",
        re.IGNORECASE,
    )
    letters = sum(ch.isalpha() for ch in core)
    core_words = _WORD.findall(core)
    return _Name(
        listed,
        core,
        core != listed,
        pattern,
        _normal(core),
        len(core_words),
        letters >= MIN_FUZZY_LETTERS and bool(core_words),
        _normal(core_words[0]) if core_words and core.startswith(core_words[0]) else None,
    )


def _word_keys(text: str) -> set[str]:
    """Every word of the text as names are compared, and every run of its parts between
    apostrophes ("AA's", "AA'sB" and "s'AA" also give "aa": a name may begin or end there)."""
    keys = {_normal(word) for word in _WORD.findall(text)}
    return keys | {part for key in keys if "'" in key for part in _apostrophe_runs(key)}


def _apostrophe_runs(key: str) -> Iterable[str]:
    parts = key.split("'")
    for first in range(len(parts)):
        for last in range(first + 1, len(parts) + 1):
            yield "'".join(parts[first:last])


def _normal(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").casefold().split())


def _exact_mentions(text: str, name: _Name) -> Iterable[Mention]:
    for match in name.pattern.finditer(text):
        title, suffix = _title_before(text, match.start()), match["suffix"] or ""
        written = title + match["core"]
        if _same(written, name.listed):
            how: How = "exact"
        elif title or name.titled and _normal(written) != _normal(name.listed):
            how = "title"
        else:
            how = "case"
        if suffix and how != "title":
            how = "possessive"
        start = match.start() - len(title)
        yield Mention(
            start, match.end(), name.listed, text[start : match.end()], how, title, suffix
        )


def _same(found: str, core: str) -> bool:
    return " ".join(found.replace("\u2019", "'").split()) == " ".join(core.split())


def _fuzzy_mentions(text: str, names: Sequence[_Name], threshold: float) -> list[Mention]:
    if not names:
        return []
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    joined = [
        _WORD_GAP.fullmatch(text, words[i][1], words[i + 1][0]) is not None
        for i in range(len(words) - 1)
    ]
    found: list[Mention] = []
    for count in sorted({n.words for n in names}):
        group = [n for n in names if n.words == count]
        for i in range(len(words) - count + 1):
            if not text[words[i][0]].isupper() or not all(joined[i : i + count - 1]):
                continue
            found.extend(_fuzzy_at(text, words[i][0], words[i + count - 1][1], group, threshold))
    return found


def _fuzzy_at(
    text: str, start: int, end: int, names: Sequence[_Name], threshold: float
) -> Iterable[Mention]:
    written = text[start:end]
    possessive = _POSSESSIVE_END.search(written)
    suffix = possessive[0] if possessive else ""
    key = _normal(written[: len(written) - len(suffix)])
    for name in names:
        if key[:1] != name.key[:1]:
            continue
        shorter, longer = sorted((len(key), len(name.key)))
        if 200 * shorter < threshold * (shorter + longer):
            continue
        if fuzz.ratio(key, name.key, score_cutoff=threshold):
            title = _title_before(text, start)
            begin = start - len(title)
            yield Mention(begin, end, name.listed, text[begin:end], "fuzzy", title, suffix)


def _title_before(text: str, start: int) -> str:
    match = _TITLE_BEFORE.search(text, max(0, start - _TITLE_LOOKBACK), start)
    return match[0] if match else ""


def _choose(candidates: Sequence[Mention], chosen: list[Mention]) -> list[Mention]:
    """Add the longest candidates that overlap nothing chosen so far (first listed wins)."""
    taken = sorted(chosen, key=lambda m: m.start)
    starts = [m.start for m in taken]
    ordered = sorted(enumerate(candidates), key=lambda p: (p[1].start - p[1].end, p[0]))
    for _, mention in ordered:
        at = bisect_left(starts, mention.start)
        if at < len(taken) and taken[at].start < mention.end:
            continue
        if at > 0 and taken[at - 1].end > mention.start:
            continue
        taken.insert(at, mention)
        starts.insert(at, mention.start)
    return taken
