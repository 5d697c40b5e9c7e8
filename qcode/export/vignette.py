"""A composite vignette as a Word document or Markdown: title, narrative, three sections."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from qcode.errors import QcodeError

VIGNETTE_SUFFIXES = (".docx", ".md")


class PartLike(Protocol):
    @property
    def text(self) -> str: ...


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


def write_vignette_docx(vignette: VignetteLike, output: Path) -> None:
    """Title, theme line, narrative, then a heading and paragraphs for each section."""
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
    for part_section in vignette.sections:
        if not part_section.parts:
            continue
        document.add_heading(part_section.heading, level=2)
        for part in part_section.parts:
            for paragraph in paragraphs(part.text):
                document.add_paragraph(paragraph)
    document.save(str(output))


def vignette_markdown(vignette: VignetteLike) -> str:
    """The vignette as Markdown text."""
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
            for paragraph in paragraphs(part.text):
                lines += [paragraph, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def write_vignette(vignette: VignetteLike, output: Path) -> str:
    """Write a vignette as .docx or .md by ``output``'s suffix; returns one line saying what."""
    suffix = output.suffix.lower()
    if suffix not in VIGNETTE_SUFFIXES:
        shown = f"'{output.suffix}'" if output.suffix else "no suffix"
        raise QcodeError(
            f"{output.name}: cannot write a vignette as {shown}; use {', '.join(VIGNETTE_SUFFIXES)}"
        )
    try:
        if suffix == ".docx":
            write_vignette_docx(vignette, output)
        else:
            output.write_text(vignette_markdown(vignette), encoding="utf-8")
    except OSError as exc:
        raise QcodeError(f"{output}: could not be written ({exc.strerror or exc})") from exc
    return f"wrote vignette '{vignette.title}' to {output}"
