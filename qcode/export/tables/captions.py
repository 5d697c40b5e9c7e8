"""A paper table's caption ("Table 9. Title") and column headings: defaults, kept, edited."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from qcode.errors import QcodeError

MAX_NUMBER = 12
MAX_TITLE = 300
MAX_HEADING = 200
FLAG_HEADING = "Categories (C = context, M = mechanism)"


@dataclass(frozen=True)
class Caption:
    """A table's number ("9", "S2"; "" for none), title and column headings, in order."""

    number: str
    title: str
    headings: tuple[str, ...]

    @property
    def label(self) -> str:
        """ "Table 9", or "" for an unnumbered table."""
        return f"Table {self.number}" if self.number else ""

    @property
    def text(self) -> str:
        """The caption as printed: "Table 9. Title", or the title alone."""
        return f"{self.label}. {self.title}" if self.number else self.title

    def kept(self) -> dict[str, object]:
        """The value kept in the project (JSON)."""
        return {"number": self.number, "title": self.title, "headings": list(self.headings)}


# The table kinds that take a caption, with their defaults: the papers' layouts.
DEFAULTS = {
    "themes": Caption("1", "Themes and categories", ("Outcome theme", FLAG_HEADING)),
    "cmo": Caption(
        "1",
        "Themes, categories and configurations",
        ("Outcome theme", FLAG_HEADING, "Configuration statement", "Supporting quotes"),
    ),
}


def setting_key(kind: str) -> str:
    """Where a kind's caption is kept in the project: "tables.themes", "tables.cmo"."""
    return f"tables.{kind}"


def kept_caption(kind: str, kept: object) -> Caption:
    """The caption kept in the project (as read from its setting) over the kind's defaults;
    a missing or malformed part is the default's."""
    default = DEFAULTS[kind]
    if not isinstance(kept, Mapping):
        return default
    number, title = kept.get("number"), kept.get("title")
    stored = kept.get("headings")
    headings = list(default.headings)
    if isinstance(stored, list):
        for index, heading in enumerate(stored[: len(headings)]):
            if isinstance(heading, str) and heading.strip():
                headings[index] = heading
    return Caption(
        number if isinstance(number, str) and len(number) <= MAX_NUMBER else default.number,
        title if isinstance(title, str) and title.strip() else default.title,
        tuple(headings),
    )


def edited_caption(
    caption: Caption,
    number: str | None = None,
    title: str | None = None,
    headings: Mapping[int, str] | None = None,
) -> Caption:
    """``caption`` with a new number, title or headings (1-based column numbers); bad input
    is refused with one line."""
    if number is not None:
        number = number.strip()
        if len(number) > MAX_NUMBER or any(ch.isspace() for ch in number):
            raise QcodeError(
                f"a table number is up to {MAX_NUMBER} characters without spaces, "
                f"such as 9 or S2 (got '{number}')"
            )
        caption = replace(caption, number=number)
    if title is not None:
        caption = replace(caption, title=one_line(title, "a table's title", MAX_TITLE))
    if headings:
        columns = list(caption.headings)
        for column, heading in sorted(headings.items()):
            if not 1 <= column <= len(columns):
                raise QcodeError(
                    f"this table has column headings 1 to {len(columns)}, not {column}"
                )
            columns[column - 1] = one_line(heading, f"heading {column}", MAX_HEADING)
        caption = replace(caption, headings=tuple(columns))
    return caption


def one_line(text: str, what: str, longest: int) -> str:
    """``text`` stripped: refused if empty, longer than ``longest`` or on several lines."""
    text = text.strip()
    if not text:
        raise QcodeError(f"{what} cannot be empty")
    if "\n" in text or "\r" in text:
        raise QcodeError(f"{what} must be one line")
    if len(text) > longest:
        raise QcodeError(f"{what} is {len(text)} characters; at most {longest}")
    return text


def value_to_keep(kind: str, caption: Caption) -> dict[str, object] | None:
    """What the project keeps for ``caption``: None (nothing) where it is the default."""
    return None if caption == DEFAULTS[kind] else caption.kept()
