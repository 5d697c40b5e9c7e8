"""Reading composite vignettes: their three sections, sources and anonymity check."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.errors import QcodeError
from qcode.services.lookup import code_names, path_of
from qcode.services.quotes import quotes_for
from qcode.services.realist.vignettes import (
    SECTION_HEADINGS,
    AnonymityCheck,
    anonymity_check,
    get_vignette,
)
from qcode.store.models import VIGNETTE_SECTIONS, Vignette


@dataclass(frozen=True)
class PartView:
    """One part: its (edited) words and, for the researcher only, where they came from."""

    id: int
    text: str
    segment_id: int | None
    citation: str | None


@dataclass(frozen=True)
class SectionView:
    key: str
    heading: str
    parts: tuple[PartView, ...]


@dataclass(frozen=True)
class VignetteView:
    """A vignette ready to show or export; its check and ``warning`` are for the user, not
    the document. Each part's citation is printed in the quote style (the project's)."""

    id: int
    title: str
    theme: tuple[str, ...] | None
    narrative: str
    sections: tuple[SectionView, ...]
    participants: tuple[str, ...]
    warning: str | None
    check: AnonymityCheck


def view_of(session: Session, vignette: Vignette) -> VignetteView:
    """The view of one vignette row."""
    segments = [p.segment for p in vignette.parts if p.segment is not None]
    cited = {q.segment_id: q.citation for q in quotes_for(session, segments)}
    sections = []
    for key in VIGNETTE_SECTIONS:
        parts = sorted((p for p in vignette.parts if p.section == key), key=lambda p: p.position)
        views = tuple(
            PartView(
                p.id,
                p.edited_text,
                p.segment_id,
                cited.get(p.segment_id) if p.segment_id else None,
            )
            for p in parts
        )
        sections.append(SectionView(key, SECTION_HEADINGS[key], views))
    theme = tuple(path_of(vignette.theme_id, code_names(session))) if vignette.theme_id else None
    check = anonymity_check(session, vignette, cited)
    return VignetteView(
        vignette.id,
        vignette.title,
        theme,
        vignette.narrative,
        tuple(sections),
        check.participants,
        check.warning,
        check,
    )


def check_exportable(
    view: VignetteView, anyway: bool = False, override: str = "choose to export it anyway"
) -> None:
    """Refuse, in one line, to export a vignette that fails its anonymity check, unless
    told to export it ``anyway`` (the researcher's explicit ``override``, named in the line)."""
    if anyway or view.check.passed:
        return
    problems = view.check.problems()
    more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
    raise QcodeError(f"{problems[0]}{more}: not exported; reword it, or {override}")


def vignette_view(session: Session, vignette: str | int) -> VignetteView:
    """One vignette by title or id."""
    return view_of(session, get_vignette(session, vignette))


def list_vignettes(session: Session) -> list[VignetteView]:
    """Every vignette, by title."""
    rows = session.scalars(select(Vignette).order_by(Vignette.title, Vignette.id))
    return [view_of(session, row) for row in rows]
