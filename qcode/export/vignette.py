"""A composite vignette as a Word document or Markdown: title, narrative, three sections,
and each quote's source, in numbered notes or a source list."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from qcode.errors import QcodeError

VIGNETTE_SUFFIXES = (".docx", ".md")
SOURCES = ("notes", "list", "none")
"""Each quote cited by a numbered note (the default), in a source list at the end, or not."""
OPENING_WORDS = 8  # a source list names each quote by its first words


class PartLike(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def citation(self) -> str | None: ...


class SectionLike(Protocol):
    @property
    def heading(self) -> str: ...
    @property
    def parts(self) -> Sequence[PartLike]: ...


class VignetteLike(Protocol):
    @property
    def title(self) -> str: ...
    @property
    def theme(self) -> tuple[str, ...] | None: ...
    @property
    def narrative(self) -> str: ...
    @property
    def sections(self) -> Sequence[SectionLike]: ...


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, each on one line."""
    return [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]


def check_sources(sources: str) -> str:
    if sources not in SOURCES:
        raise QcodeError(f"sources must be one of {', '.join(SOURCES)}, not '{sources}'")
    return sources


def cited_parts(vignette: VignetteLike) -> list[tuple[str, PartLike, int]]:
    """Each part with a citation: its section's heading, the part, its note's number."""
    parts = [(s.heading, p) for s in vignette.sections for p in s.parts if p.citation]
    return [(heading, part, number) for number, (heading, part) in enumerate(parts, start=1)]


def source_line(heading: str, part: PartLike) -> str:
    """A source list's line: "Context — “The first words …”: PJ 1, lines 12–14"."""
    words = " ".join(part.text.split()).split(" ")
    opening = " ".join(words[:OPENING_WORDS]) + (" \u2026" if len(words) > OPENING_WORDS else "")
    return f"{heading} \u2014 \u201c{opening}\u201d: {part.citation}"


def write_vignette_docx(vignette: VignetteLike, output: Path, sources: str = "notes") -> None:
    """Title, theme line, narrative, then a heading and paragraphs for each section, and the
    quotes' sources: a superscript number after each quote and Notes, or a Sources list."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(11)  # type: ignore[attr-defined]
    normal.paragraph_format.space_after = Pt(8)  # type: ignore[attr-defined]
    normal.paragraph_format.line_spacing = 1.15  # type: ignore[attr-defined]
    for name, size in (("Heading 1", 15), ("Heading 2", 12)):
        heading = document.styles[name]
        heading.font.name, heading.font.size = "Arial", Pt(size)  # type: ignore[attr-defined]
        heading.font.color.rgb = RGBColor(0, 0, 0)  # type: ignore[attr-defined]
        fonts = heading.element.rPr.rFonts  # theme fonts would override the name
        for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{attribute}"), None)
    document.core_properties.title = vignette.title
    document.core_properties.author = "qcode"
    document.add_heading(vignette.title, level=1)
    if vignette.theme:
        theme = document.add_paragraph()
        theme.add_run(f"Outcome theme: {' / '.join(vignette.theme)}").italic = True
    for paragraph in paragraphs(vignette.narrative):
        document.add_paragraph(paragraph)
    numbers = {id(part): number for _h, part, number in cited_parts(vignette)}
    for part_section in vignette.sections:
        if not part_section.parts:
            continue
        document.add_heading(part_section.heading, level=2)
        for part in part_section.parts:
            paragraph = None
            for words in paragraphs(part.text):
                paragraph = document.add_paragraph(words)
            if sources == "notes" and paragraph is not None and id(part) in numbers:
                paragraph.add_run(str(numbers[id(part)])).font.superscript = True
    add_docx_sources(document, vignette, sources)
    document.save(str(output))


def add_docx_sources(document: Any, vignette: VignetteLike, sources: str) -> None:
    """The Notes (numbered as in the text) or the Sources list at the end of the document."""
    cited = cited_parts(vignette)
    if sources == "none" or not cited:
        return
    document.add_heading("Notes" if sources == "notes" else "Sources", level=2)
    for heading, part, number in cited:
        if sources == "notes":
            document.add_paragraph(f"{number}. {part.citation}")
        else:
            document.add_paragraph(source_line(heading, part), style="List Bullet")


def vignette_markdown(vignette: VignetteLike, sources: str = "notes") -> str:
    """The vignette as Markdown text; notes are Markdown footnotes ("[^1]")."""
    numbers = {id(part): number for _h, part, number in cited_parts(vignette)}
    lines = [f"# {vignette.title}", ""]
    if vignette.theme:
        lines += [f"*Outcome theme: {' / '.join(vignette.theme)}*", ""]
    for paragraph in paragraphs(vignette.narrative):
        lines += [paragraph, ""]
    for part_section in vignette.sections:
        if not part_section.parts:
            continue
        lines += [f"## {part_section.heading}", ""]
        for part in part_section.parts:
            words = paragraphs(part.text)
            if words and sources == "notes" and id(part) in numbers:
                words[-1] += f"[^{numbers[id(part)]}]"
            for paragraph in words:
                lines += [paragraph, ""]
    cited = cited_parts(vignette)
    if sources == "notes" and cited:
        lines += [f"[^{number}]: {part.citation}" for _h, part, number in cited]
    elif sources == "list" and cited:
        lines += ["## Sources", "", *(f"- {source_line(h, part)}" for h, part, _n in cited)]
    return "\n".join(lines).rstrip("\n") + "\n"


def write_vignette(vignette: VignetteLike, output: Path, sources: str = "notes") -> str:
    """Write a vignette as .docx or .md by ``output``'s suffix, its quotes' sources as
    ``sources`` says (one of SOURCES); returns one line saying what."""
    check_sources(sources)
    suffix = output.suffix.lower()
    if suffix not in VIGNETTE_SUFFIXES:
        shown = f"'{output.suffix}'" if output.suffix else "no suffix"
        raise QcodeError(
            f"{output.name}: cannot write a vignette as {shown}; use {', '.join(VIGNETTE_SUFFIXES)}"
        )
    try:
        if suffix == ".docx":
            write_vignette_docx(vignette, output, sources)
        else:
            output.write_text(vignette_markdown(vignette, sources), encoding="utf-8")
    except OSError as exc:
        raise QcodeError(f"{output}: could not be written ({exc.strerror or exc})") from exc
    return f"wrote vignette '{vignette.title}' to {output}"
