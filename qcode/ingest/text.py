"""Plain-text files (.txt, .md): encoding detection and line-ending normalisation.

Encoding rules, in order:

1. A byte-order mark decides: UTF-8 (BOM stripped), UTF-16 LE or UTF-16 BE.
   Bytes that are invalid in the encoding the BOM announces are refused.
2. Without a BOM, a NUL byte means the file is binary (or UTF-16 without a BOM):
   refused.
3. Otherwise strict UTF-8; if that fails, Windows-1252 (cp1252); if the bytes
   use one of the five positions cp1252 leaves undefined, Latin-1 (which maps
   every byte).

Line endings ``\\r\\n`` and lone ``\\r`` become ``\\n``. Nothing else in a line is
changed; only blank lines at the very end of the text are removed.

No imported text may hold U+0000 (``check_no_nul``): SQLite's text functions and Qt
stop at it, so offsets past it would point at nothing.
"""

from __future__ import annotations

from qcode.errors import IngestError

NUL_ADVICE = "remove them (or save the file again as UTF-8 text) and import it again"


class NulCharacters(IngestError):
    """A text holds U+0000, which no document may (the whole file is refused)."""


def check_no_nul(text: str, where: str) -> None:
    """Refuse a text holding U+0000; ``where`` names it ("PJ 1.txt")."""
    if "\x00" in text:
        raise nul_error(where)


def nul_error(where: str) -> NulCharacters:
    """The one line refusing a text with U+0000 in it."""
    return NulCharacters(
        f"{where}: contains NUL characters (U+0000), which a text cannot hold; {NUL_ADVICE}"
    )


_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def normalise_newlines(text: str) -> str:
    """Turn CRLF and lone CR into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def strip_trailing_blank_lines(text: str) -> str:
    """Drop blank (empty or whitespace-only) lines at the end; keep everything else."""
    lines = text.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def decode_bytes(data: bytes, name: str) -> str:
    """Decode a text file's bytes by the rules in the module docstring."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                label = encoding.upper()
                raise IngestError(
                    f"{name}: starts with a {label} byte-order mark but is not valid {label} "
                    f"(bad bytes at offset {exc.start + len(bom)})"
                ) from exc
    if b"\x00" in data:
        raise NulCharacters(
            f"{name}: contains NUL characters (U+0000), so it is not a plain-text file "
            "(a binary file, or UTF-16 without a byte-order mark?); save it as UTF-8 text"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_text(data: bytes, name: str) -> str:
    """The text of a .txt/.md file: decoded, ``\\n`` line endings, no trailing blank lines."""
    return strip_trailing_blank_lines(normalise_newlines(decode_bytes(data, name)))
