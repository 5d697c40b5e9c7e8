"""What a merge brought in, matched, and left for the user to decide, as data and as lines."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from qcode.services.history import Change
from qcode.services.lookup import join_path

QUOTE_SHOWN = 60  # characters of a segment's text shown in a report line


@dataclass
class Suggestion:
    """A copy's code that only resembles a team code; the user says whether they are one."""

    copy_guid: str
    copy_path: list[str]
    team_id: int
    team_path: list[str]
    score: float
    accepted: bool = False
    created_path: list[str] = field(default_factory=list)  # where it came in, if not accepted

    def line(self) -> str:
        copy, team = join_path(self.copy_path), join_path(self.team_path)
        if self.accepted:
            return f"code '{copy}' was taken as '{team}' ({self.score:.0f}% alike, accepted)"
        created = join_path(self.created_path) or copy
        where = "" if created == copy else f" '{created}'"
        alike = f"{self.score:.0f}% alike"
        return f"code '{copy}' came in as a new code{where}; it looks like '{team}' ({alike})"


@dataclass
class Unplaced:
    """A segment of an edited transcript that could not be placed on the team's text."""

    document: str
    code: list[str]
    coder: str
    start: int
    end: int
    text: str
    reason: str

    def line(self) -> str:
        shown = " ".join(self.text.split())
        if len(shown) > QUOTE_SHOWN:
            shown = shown[: QUOTE_SHOWN - 1] + "…"
        return (
            f"not placed: '{join_path(self.code)}' by {self.coder} in '{self.document}' "
            f"({self.start}:{self.end} in the copy) “{shown}”: {self.reason}"
        )


@dataclass
class EditedDocument:
    """A transcript whose text differs between the copy and the team file."""

    copy_name: str
    team_name: str
    matched_by: str  # "identity" or "name"
    similarity: float
    placed: int = 0
    near: int = 0
    unplaced: int = 0

    def line(self) -> str:
        named = "" if self.copy_name == self.team_name else f" ('{self.copy_name}' in the copy)"
        return (
            f"transcript '{self.team_name}'{named} has a different text in the copy "
            f"(same {self.matched_by}, {self.similarity:.0f}% alike): its new coding was "
            f"placed on the team's text: {self.placed} placed ({self.near} by near match), "
            f"{self.unplaced} not placed"
        )


@dataclass
class MergeReport:
    """Everything a merge of one copy did, matched, and could not do."""

    copy: Path
    team: Path
    dry_run: bool = False
    upgraded_from: str | None = None
    came_in: Counter[str] = field(default_factory=Counter)
    matched: Counter[str] = field(default_factory=Counter)
    present: Counter[str] = field(default_factory=Counter)
    new_documents: list[str] = field(default_factory=list)
    new_codes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # renamed, taken as decided, filled in
    kept_team: list[str] = field(default_factory=list)  # differences where the team's value won
    edited: list[EditedDocument] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # decisions that did not apply
    change: Change | None = None

    @property
    def pending(self) -> list[Suggestion]:
        """Suggestions the user has not accepted."""
        return [s for s in self.suggestions if not s.accepted]

    @property
    def needs_decision(self) -> bool:
        return bool(self.pending or self.unplaced or self.edited)

    @property
    def changed(self) -> bool:
        return self.change is not None and not self.change.is_empty

    def summary(self) -> dict[str, Any]:
        """The counts, as recorded in the audit trail."""
        return {
            "copy": self.copy.name,
            "came_in": dict(self.came_in),
            "matched": dict(self.matched),
            "already_present": dict(self.present),
            "suggestions": len(self.pending),
            "not_placed": len(self.unplaced),
            "left_out": len(self.left_out),
        }

    def as_dict(self) -> dict[str, Any]:
        """A plain, JSON-ready form of the report."""
        return {
            "copy": str(self.copy),
            "team": str(self.team),
            "dry_run": self.dry_run,
            "changed": self.changed,
            "upgraded_from": self.upgraded_from,
            "came_in": dict(self.came_in),
            "matched": dict(self.matched),
            "already_present": dict(self.present),
            "new_documents": self.new_documents,
            "new_codes": self.new_codes,
            "notes": self.notes,
            "kept_team": self.kept_team,
            "edited": [asdict(e) for e in self.edited],
            "suggestions": [asdict(s) for s in self.suggestions],
            "not_placed": [asdict(u) for u in self.unplaced],
            "left_out": self.left_out,
            "ignored": self.ignored,
        }

    def lines(self, hints: bool = True) -> list[str]:
        """The report for printing; ``hints`` adds the commands that act on suggestions."""
        lines = [self.headline()]
        if self.upgraded_from:
            lines.append(
                f"  the copy has an older file format (schema {self.upgraded_from}); "
                "it was read through an upgraded temporary copy and left as it is"
            )
        lines += [f"  {line}" for line in self.fact_lines()]
        decisions = self.decision_lines(hints)
        if decisions:
            count = len(self.edited) + len(self.pending) + len(self.unplaced)
            lines.append(f"needs a decision ({count}):")
            lines += [f"  {line}" for line in decisions]
        if self.left_out:
            lines.append(f"not brought in ({len(self.left_out)}):")
            lines += [f"  {line}" for line in self.left_out]
        lines += [f"ignored: {line}" for line in self.ignored]
        return lines

    def headline(self) -> str:
        if self.dry_run:
            return f"{self.copy.name} → {self.team.name}: trial run, nothing was changed"
        if not self.changed:
            return f"{self.copy.name} → {self.team.name}: nothing new, the team file is unchanged"
        return f"{self.copy.name} → {self.team.name}: merged as one undoable step"

    def fact_lines(self) -> list[str]:
        facts = [
            ("came in", self.came_in),
            ("matched", self.matched),
            ("already in the team file", self.present),
        ]
        lines = [f"{label}: {counts_phrase(c)}" for label, c in facts if c]
        if self.new_documents:
            lines.append("new documents: " + ", ".join(self.new_documents))
        if self.new_codes:
            lines.append("new codes: " + "; ".join(self.new_codes))
        lines += self.notes
        lines += [s.line() for s in self.suggestions if s.accepted]
        lines += [f"kept the team's: {line}" for line in self.kept_team]
        return lines

    def decision_lines(self, hints: bool) -> list[str]:
        lines = [edited.line() for edited in self.edited]
        for suggestion in self.pending:
            lines.append(suggestion.line())
            if hints:
                lines.append("    " + self.suggestion_hint(suggestion))
        lines += [unplaced.line() for unplaced in self.unplaced]
        if hints and self.unplaced:
            lines.append(
                "    code these by hand in the team file if they still apply "
                "(qcode code … --quote TEXT); the copy keeps them"
            )
        return lines

    def suggestion_hint(self, suggestion: Suggestion) -> str:
        copy, team = join_path(suggestion.copy_path), join_path(suggestion.team_path)
        if self.dry_run or not self.changed:
            return f'to take it as the team\'s code: --map "{copy}={team}" or --accept-suggestions'
        created = join_path(suggestion.created_path) or copy
        return f'if they are one code: qcode codes {self.team} merge "{created}" "{team}"'


def plural(count: int, phrase: str) -> str:
    """``plural(2, "code by path")`` → ``"2 codes by path"``: the noun before "by"/"with"."""
    head, rest = phrase, ""
    for joint in (" by ", " with "):
        if joint in phrase:
            head, rest = phrase.split(joint, 1)
            rest = joint + rest
            break
    if count != 1:
        head = head[:-1] + "ies" if head.endswith("y") else head + "s"
    return f"{count} {head}{rest}"


def counts_phrase(counts: Counter[str]) -> str:
    return ", ".join(plural(n, phrase) for phrase, n in counts.items() if n)
