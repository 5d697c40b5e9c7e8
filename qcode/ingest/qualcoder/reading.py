"""What the QualCoder reader carries from table to table: the database, the result, GUIDs."""

from __future__ import annotations

import sqlite3
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from qcode.ingest.qualcoder.positions import TextIndex
from qcode.ingest.refi.elements import parse_datetime
from qcode.ingest.refi.model import RefiCode, RefiDocument, RefiMemo, RefiProject, RefiUser

# Codes qcode adds to hold what QualCoder keeps on a span without a code.
ANNOTATIONS_CODE = "QualCoder annotations"
CASE_LINKS_CODE = "QualCoder case links"
HELPER_CODES = {
    ANNOTATIONS_CODE: "Spans a QualCoder annotation was on; the annotation is the segment's memo.",
    CASE_LINKS_CODE: "Parts of files a QualCoder case was linked to; see the topic case.",
}


@dataclass
class Source:
    """A QualCoder text file as it became a document, with its text's position map."""

    document: RefiDocument
    index: TextIndex


@dataclass
class Reading:
    """One read of a QualCoder database into a RefiProject."""

    db: sqlite3.Connection
    version: int
    label: str
    key: str  # what makes this project's GUIDs its own (and its copies'): its creation date
    data: RefiProject = field(default_factory=RefiProject)
    users: dict[str, str] = field(default_factory=dict)  # owner name → user GUID
    sources: dict[int, Source] = field(default_factory=dict)  # source.id → text document
    untexted: dict[int, str] = field(default_factory=dict)  # source.id → image, av or other
    codes: dict[int, RefiCode] = field(default_factory=dict)  # code_name.cid → code
    helpers: dict[str, RefiCode] = field(default_factory=dict)
    tally: Counter[str] = field(default_factory=Counter)
    used: set[str] = field(default_factory=set)

    def guid(self, *parts: object) -> str:
        """The same GUID for the same thing at every import of this project (or a copy)."""
        name = ":".join(["qualcoder", self.key, *(str(part) for part in parts)])
        return str(uuid.uuid5(uuid.NAMESPACE_URL, name))

    def fresh(self, *parts: object, row: object) -> str:
        """A GUID from what identifies a thing (its name, its span), not its row id, so that
        copies of one project coded apart come in side by side; the row id tells apart two
        things that look the same (which QualCoder's unique constraints should prevent)."""
        guid = self.guid(*parts)
        if guid in self.used:
            guid = self.guid(*parts, "row", row)
        self.used.add(guid)
        return guid

    def rows(self, sql: str, args: tuple[object, ...] = ()) -> list[sqlite3.Row]:
        return self.db.execute(sql, args).fetchall()

    def user(self, owner: object) -> str | None:
        """The user GUID of a row's owner (a coder's name); None for no owner."""
        name = " ".join(str(owner or "").split())
        if not name:
            return None
        if name not in self.users:
            self.users[name] = self.guid("coder", name)
            self.data.users.append(RefiUser(self.users[name], name))
        return self.users[name]

    def helper_code(self, name: str) -> RefiCode:
        """A top-level code qcode adds (made once, when first needed)."""
        if name not in self.helpers:
            code = RefiCode(self.guid("helper code", name), name, description=HELPER_CODES[name])
            self.helpers[name] = code
            self.data.codes.append(code)
        return self.helpers[name]

    def memo(
        self,
        ident: tuple[object, ...],
        title: str,
        row: sqlite3.Row,
        text: str,
        target: tuple[str, str] | None = None,
    ) -> None:
        """A memo by ``row``'s owner, dated as it; ``target`` (kind, GUID) says what it is on.
        An empty text makes none."""
        if text.strip():
            self.data.memos.append(
                RefiMemo(
                    guid=self.fresh(*ident, text, row=len(self.data.memos)),
                    title=title,
                    text=text,
                    coder=self.user(row["owner"]),
                    created_at=when(row["date"]),
                    target_kind=target[0] if target else None,
                    target=target[1] if target else None,
                )
            )

    def report(self, line: str) -> None:
        self.data.problems.append(line)


def when(value: object) -> datetime | None:
    """QualCoder's ``yyyy-mm-dd hh:mm:ss`` (local time, as it was written)."""
    return parse_datetime(str(value)) if value else None


def text_of(value: object) -> str:
    """A memo or name column's text; NULL is empty."""
    return "" if value is None else str(value)


def plural(count: int, one: str, many: str | None = None) -> str:
    """``1 coding``, ``2 codings``."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def counted(count: int, one: str, many: str) -> str:
    """The sentence for one thing or for many, with ``{n}`` filled in."""
    return (one if count == 1 else many).format(n=count)
