"""The plain value an importer returns for each document it reads."""

from __future__ import annotations

from dataclasses import dataclass, field

AttributeValue = str | int | float | bool


@dataclass(frozen=True)
class IngestedDocument:
    """One document read from a file, ready to be stored.

    ``text`` uses ``\\n`` line endings only; stored offsets index it.
    ``participant``/``wave`` are what the file itself says (a survey respondent's
    id); the file-name rules are applied by the caller via ``qcode.ingest.naming``.
    """

    name: str
    text: str
    format: str  # "docx", "pdf", "txt", "md", "csv", "xlsx"
    kind: str = "interview"  # "interview" | "questionnaire" | "note"
    participant: str | None = None
    wave: int | None = None
    attributes: dict[str, AttributeValue] = field(default_factory=dict)
