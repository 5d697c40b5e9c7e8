"""Codes × participants (or waves, or attribute values), co-occurrence and attribute statistics."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.analysis.cooccurrence import CoOccurrence, cooccurrence
from qcode.analysis.matrix import Matrix, SegmentFact, code_matrix
from qcode.analysis.stats import Description, describe, describe_by_group
from qcode.errors import QcodeError
from qcode.services.codebook.edit import codebook_tree
from qcode.services.lookup import code_names, descendant_ids, get_code, get_coder, path_of
from qcode.store.models import Document, Participant, ParticipantAttribute, Segment

NONE_KEY = "(none)"


@dataclass(frozen=True)
class CodeMatrix:
    """A matrix with its rows named by code path."""

    codes: list[tuple[int, tuple[str, ...]]]
    columns: list[str]
    matrix: Matrix


def column_keys(session: Session, by: str) -> dict[int, str | None]:
    """Each participant's column value: their label, or an attribute's value."""
    if by == "participant":
        return dict(session.execute(select(Participant.id, Participant.label)).all())
    if by.startswith("attribute:"):
        name = by.split(":", 1)[1]
        rows = session.execute(
            select(ParticipantAttribute.participant_id, ParticipantAttribute.value).where(
                ParticipantAttribute.name == name
            )
        ).all()
        if not rows:
            raise QcodeError(f"no participant has an attribute '{name}'")
        return dict(rows)
    raise QcodeError(f"cross codes by participant, wave or attribute:NAME, not '{by}'")


def segment_facts(session: Session, by: str, coder: str | None = None) -> list[SegmentFact]:
    """Every segment (of one coder, if given) as a plain fact for the pure analysis."""
    query = select(
        Segment.id,
        Segment.document_id,
        Segment.code_id,
        Segment.start,
        Segment.end,
        Document.participant_id,
        Document.wave,
    ).join(Document, Document.id == Segment.document_id)
    if coder is not None:
        query = query.where(Segment.coder_id == get_coder(session, coder).id)
    labels = dict(session.execute(select(Participant.id, Participant.label)).all())
    keys = {} if by == "wave" else column_keys(session, by)
    facts = []
    for seg_id, doc_id, code_id, start, end, participant_id, wave in session.execute(query):
        if by == "wave":
            key = None if wave is None else str(wave)
        else:
            key = keys.get(participant_id) if participant_id is not None else None
        facts.append(
            SegmentFact(
                seg_id,
                doc_id,
                code_id,
                labels.get(participant_id),
                key if key is not None else NONE_KEY,
                start,
                end,
            )
        )
    return facts


def build_matrix(
    session: Session,
    by: str = "participant",
    codes: Sequence[str] | None = None,
    coder: str | None = None,
    with_descendants: bool = False,
) -> CodeMatrix:
    """Count segments, coded characters and participants per code and column."""
    names = code_names(session)
    code_ids = (
        [get_code(session, path).id for path in codes]
        if codes
        else [node.id for node in codebook_tree(session)]
    )
    facts = segment_facts(session, by, coder)
    if with_descendants:
        facts = roll_up(session, facts, code_ids)
    columns = sorted({f.column_key for f in facts} | set(all_columns(session, by)), key=natural_key)
    rows = [(cid, tuple(path_of(cid, names))) for cid in code_ids]
    return CodeMatrix(rows, columns, code_matrix(facts, code_ids, columns))


def all_columns(session: Session, by: str) -> list[str]:
    """Every participant, wave or attribute value in the project, so empty columns show zeros."""
    if by == "wave":
        waves = session.scalars(select(Document.wave).where(Document.wave.is_not(None)).distinct())
        return [str(wave) for wave in waves]
    return [value for value in column_keys(session, by).values() if value is not None]


def roll_up(
    session: Session, facts: list[SegmentFact], code_ids: Sequence[int]
) -> list[SegmentFact]:
    """Count each row's descendants' coding as the row's own."""
    rolled = []
    for code_id in code_ids:
        family = set(descendant_ids(session, code_id))
        rolled.extend(
            SegmentFact(
                f.segment_id, f.document_id, code_id, f.participant, f.column_key, f.start, f.end
            )
            for f in facts
            if f.code_id in family
        )
    return rolled


def natural_key(value: str) -> tuple[object, ...]:
    """Sort "PJ 2" before "PJ 10", numbers as numbers, "(none)" last."""
    parts = re.split(r"(\d+)", value)
    return (value == NONE_KEY, *[(0, int(p)) if p.isdigit() else (1, p.lower()) for p in parts])


def code_cooccurrence(
    session: Session, coder: str | None = None
) -> list[tuple[tuple[str, ...], tuple[str, ...], CoOccurrence]]:
    """Pairs of codes whose segments overlap in a document, most overlapping pairs first."""
    names = code_names(session)
    found = cooccurrence(segment_facts(session, "wave", coder))
    rows = [
        (tuple(path_of(a, names)), tuple(path_of(b, names)), value)
        for (a, b), value in found.items()
    ]
    return sorted(rows, key=lambda row: (-row[2].pairs, row[0], row[1]))


def numeric_attribute(session: Session, name: str) -> dict[int, float]:
    """Each participant's numeric value of an attribute (integer or float typed)."""
    rows = session.execute(
        select(
            ParticipantAttribute.participant_id,
            ParticipantAttribute.value,
            ParticipantAttribute.value_type,
        ).where(ParticipantAttribute.name == name)
    ).all()
    if not rows:
        raise QcodeError(f"no participant has an attribute '{name}'")
    values = {pid: float(value) for pid, value, kind in rows if kind in ("integer", "float")}
    if not values:
        raise QcodeError(f"attribute '{name}' holds no numbers")
    return values


def attribute_statistics(
    session: Session, name: str, by: str | None = None
) -> tuple[Description, dict[str, Description]]:
    """n, mean, SD and distribution of a numeric attribute, overall and per group."""
    values = numeric_attribute(session, name)
    overall = describe(list(values.values()))
    if by is None:
        return overall, {}
    groups = column_keys(session, f"attribute:{by}")
    pairs = [(groups.get(pid) or NONE_KEY, value) for pid, value in values.items()]
    return overall, describe_by_group(pairs)
