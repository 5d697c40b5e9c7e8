"""Read one file into documents: checks, dispatch by suffix, mislabelled-file detection."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from qcode.errors import IngestError
from qcode.ingest import docx, pdf, survey, text
from qcode.ingest.files import stat_file
from qcode.ingest.model import AttributeValue, IngestedDocument
from qcode.ingest.naming import name_from_stem
from qcode.ingest.sniff import describe, sniff
from qcode.ingest.survey_columns import SurveyColumn

__all__ = [
    "MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "AttributeValue",
    "IngestedDocument",
    "read_file",
]

MAX_FILE_BYTES = 64 * 1024 * 1024
SUPPORTED_SUFFIXES: tuple[str, ...] = (".docx", ".pdf", ".txt", ".md", ".csv", ".xlsx")

# What ``qcode import`` reads besides these (through other readers), named in refusals.
OTHER_FORMATS: tuple[str, ...] = (".qdpx", ".qdc", "QualCoder .qda")
_TEXT_SUFFIXES = frozenset({".txt", ".md", ".csv"})
# For each binary suffix: the kind ``sniff`` must find, and how to name it.
_EXPECTED = {
    ".docx": ("docx", "a Word document"),
    ".xlsx": ("xlsx", "an Excel workbook"),
    ".pdf": ("pdf", "a PDF document"),
}
_SUFFIX_FOR_KIND = {"docx": ".docx", "xlsx": ".xlsx", "pdf": ".pdf"}
_HINTS = {
    ".doc": "save it as .docx in Word",
    ".xls": "save it as .xlsx in Excel",
    ".rtf": "save it as .docx in Word",
    ".odt": "save it as .docx",
    ".ods": "save it as .xlsx",
}


def read_file(
    path: Path, max_bytes: int = MAX_FILE_BYTES, columns: Mapping[str, str] | None = None
) -> list[IngestedDocument]:
    """Read ``path`` into documents (one, or one per survey respondent; ``columns``: the
    classes chosen for a survey's columns by heading, see ``survey_columns``).

    Raises IngestError, with one line naming the file, for anything it cannot
    read: missing, a folder, empty, too large, unsupported, mislabelled,
    damaged, encrypted, or without text.
    """
    path = Path(path)
    name, suffix = path.name, path.suffix.lower()
    data = _checked_bytes(path, max_bytes)
    if suffix in _SURVEY_READERS:
        return _SURVEY_READERS[suffix](data, name, columns)
    body = _TEXT_READERS[suffix](data, name)
    if not body.strip():
        raise IngestError(f"{name}: contains no text")
    return [IngestedDocument(name=name_from_stem(path.stem), text=body, format=suffix.lstrip("."))]


def is_survey_path(path: Path) -> bool:
    """Whether ``path`` is read as a questionnaire export (.csv, .xlsx)."""
    return path.suffix.lower() in _SURVEY_READERS


def read_survey_columns(path: Path, columns: Mapping[str, str] | None = None) -> list[SurveyColumn]:
    """A questionnaire export's question columns and their classes, importing nothing."""
    data = _checked_bytes(Path(path), MAX_FILE_BYTES)
    return survey.survey_columns(data, path.name, path.suffix.lower().lstrip("."), columns)


def _checked_bytes(path: Path, max_bytes: int) -> bytes:
    name, suffix = path.name, path.suffix.lower()
    _check_path(path, name, suffix, max_bytes)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{name}: cannot be read ({exc.strerror or exc})") from exc
    _check_size(len(data), name, max_bytes)  # the file may have grown since stat()
    _check_kind(data, name, suffix)
    return data


_TEXT_READERS: dict[str, Callable[[bytes, str], str]] = {
    ".docx": docx.read_docx,
    ".pdf": pdf.read_pdf,
    ".txt": text.read_text,
    ".md": text.read_text,
}
_SURVEY_READERS: dict[
    str, Callable[[bytes, str, Mapping[str, str] | None], list[IngestedDocument]]
] = {
    ".csv": survey.read_csv,
    ".xlsx": survey.read_xlsx,
}


def _check_path(path: Path, name: str, suffix: str, max_bytes: int) -> None:
    """Refuse before reading: missing, folder, pipe, unsupported suffix, empty, too large."""
    info = stat_file(path, name)
    if suffix not in SUPPORTED_SUFFIXES:
        hint = _HINTS.get(suffix, "supported: " + ", ".join(SUPPORTED_SUFFIXES + OTHER_FORMATS))
        raise IngestError(f"{name}: unsupported file type '{suffix or '(none)'}'; {hint}")
    _check_size(info.st_size, name, max_bytes)


def _check_size(size: int, name: str, max_bytes: int) -> None:
    if size == 0:
        raise IngestError(f"{name}: the file is empty")
    if size > max_bytes:
        raise IngestError(f"{name}: is too large ({_size(size)}; the limit is {_size(max_bytes)})")


def _check_kind(data: bytes, name: str, suffix: str) -> None:
    """Refuse a file whose bytes say it is something other than its suffix claims."""
    kind = sniff(data)
    if suffix in _TEXT_SUFFIXES:
        if kind is not None:
            raise IngestError(f"{name}: not a plain-text file (it looks like {_seen(kind)})")
        return
    expected, label = _EXPECTED[suffix]
    if kind == expected:
        return
    if suffix in (".docx", ".xlsx"):
        _check_office(kind, name, suffix)
    raise IngestError(f"{name}: not {label} (it looks like {_seen(kind)})")


def _check_office(kind: str | None, name: str, suffix: str) -> None:
    """Clear messages for a damaged, encrypted or old-format Office file."""
    if kind == "damaged-zip":
        raise IngestError(
            f"{name}: is damaged (its zip container is incomplete or corrupt); "
            "open it in the program that made it and save it again"
        )
    if kind == "ole-encrypted":
        raise IngestError(f"{name}: is password-protected; save a copy without a password first")
    if kind == "ole":
        old = "Word 97-2003 (.doc)" if suffix == ".docx" else "Excel 97-2003 (.xls)"
        raise IngestError(f"{name}: is an old {old} file; save it as {suffix} first")


def _seen(kind: str | None) -> str:
    if kind is None:
        return "plain text or an unknown format"
    hint = _SUFFIX_FOR_KIND.get(kind)
    return describe(kind) + (f"; rename it to {hint}" if hint else "")


def _size(n: int) -> str:
    """A file size as people read it: bytes below 1 KB, else KB or MB with one decimal."""
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / (1024 * 1024):.1f} MB"
