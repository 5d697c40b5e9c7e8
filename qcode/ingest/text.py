"""Plain-text files (.txt, .md): encoding detection and line-ending normalisation.

Encoding rules, in order:

1. A byte-order mark decides: UTF-8 (BOM stripped), UTF-16 LE or UTF-16 BE.
   Bytes that are invalid in the encoding the BOM announces are refused.
2. Without a BOM, NUL bytes mean UTF-16 or a binary file. It is read as UTF-16
   LE (or BE) when it has an even length, at least half of its odd (even) bytes
   are zero, as in text mostly of Latin letters, and it decodes to text with no
   control characters but tab, line feed, form feed and carriage return.
   Anything else holding a NUL is refused.
3. Otherwise strict UTF-8. If that fails and the file holds more valid UTF-8
   multi-byte characters than invalid bytes, it is UTF-8 that was damaged or
   mixed with another encoding: refused, naming the first bad byte (read as
   Windows-1252 it would silently turn every ``é`` into ``Ã©``). Else it is a
   legacy 8-bit file: Windows-1252 (cp1252); if the bytes use one of the five
   positions cp1252 leaves undefined, Latin-1 (which maps every byte).

Line endings ``\\r\\n`` and lone ``\\r`` become ``\\n``. Nothing else in a line is
changed; only blank lines at the very end of the text are removed.

No imported text may hold U+0000 (``check_no_nul``): SQLite's text functions and Qt
stop at it, so offsets past it would point at nothing.
"""

from __future__ import annotations

import re

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
        text = utf16_without_bom(data)
        if text is None:
            raise NulCharacters(
                f"{name}: contains NUL characters (U+0000), so it is not a plain-text file "
                "(a binary file, or UTF-16 that is not mostly Latin letters and has no "
                "byte-order mark?); save it as UTF-8 text"
            )
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        check_not_damaged_utf8(data, exc, name)
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


def utf16_without_bom(data: bytes) -> str | None:
    """``data`` read as UTF-16 without a byte-order mark, or None if it does not look like
    UTF-16 text (the rule is point 2 of the module docstring)."""
    if len(data) % 2:
        return None
    for encoding, high_bytes in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if 2 * high_bytes.count(0) < len(high_bytes):
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            return None
        return None if _CONTROLS.search(text) else text
    return None


def check_not_damaged_utf8(data: bytes, error: UnicodeDecodeError, name: str) -> None:
    """Refuse invalid UTF-8 that holds more valid multi-byte characters than bad bytes."""
    decoded = data.decode("utf-8", errors="surrogateescape")  # a bad byte -> one surrogate
    bad = len(data) - len(decoded.encode("utf-8", errors="ignore"))  # surrogates dropped
    good = len(decoded) - len(decoded.encode("ascii", errors="ignore")) - bad  # é, “, …
    if good > bad:
        raise IngestError(
            f"{name}: is not valid UTF-8 (bad bytes at offset {error.start}), though most of "
            "its accented letters are UTF-8: it is damaged or mixes two encodings; open it "
            "in a text editor and save it again as UTF-8"
        )


def read_text(data: bytes, name: str) -> str:
    """The text of a .txt/.md file: decoded, ``\\n`` line endings, no trailing blank lines."""
    return strip_trailing_blank_lines(normalise_newlines(decode_bytes(data, name)))
