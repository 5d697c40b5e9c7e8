"""Bringing a copy's coding, cases, case links and memos into the team file."""

from __future__ import annotations

from bisect import insort
from collections import Counter, defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcode.services.merge.anchor import Span, place
from qcode.services.merge.report import Unplaced, plural
from qcode.services.merge.source import NOT_MERGED, Row
from qcode.services.merge.state import Merge, by_guid, pick
from qcode.services.segment_links import fold_overlaps
from qcode.store.base import new_guid
from qcode.store.models import (
    MEMO_TARGETS,
    Case,
    CaseSegment,
    Code,
    Document,
    Memo,
    Segment,
)

Key = tuple[int, int, int]  # team document, code, coder
REMOVED = "removed in the team file since the copy was made; not brought back"


class CodingIndex:
    """The team's segments by document, code and coder, sorted, to tell what is covered."""

    def __init__(self, session: Session) -> None:
        self.spans: dict[Key, list[tuple[int, int, int]]] = defaultdict(list)
        columns = (Segment.document_id, Segment.code_id, Segment.coder_id)
        query = select(*columns, Segment.start, Segment.end, Segment.id)
        for document, code, coder, start, end, sid in session.execute(query):
            self.spans[(document, code, coder)].append((start, end, sid))
        for spans in self.spans.values():
            spans.sort()

    def add(self, key: Key, span: Span) -> None:
        """Note a span added in this merge (its id is known only once written)."""
        insort(self.spans[key], (span[0], span[1], 0))

    def covering(self, key: Key, span: Span) -> int | None:
        """The segment at the start of ``span`` if the key's coding covers all of it."""
        reach, first = span[0], None
        for start, end, sid in self.spans.get(key, []):
            if end <= span[0]:
                continue
            if start > reach:
                return None
            first = sid if first is None else first
            reach = max(reach, end)
            if reach >= span[1]:
                return first
        return None


def bring_segments(m: Merge) -> None:
    """Add the copy's coding the team lacks; coding the team has already is not repeated."""
    team_guids = {guid: sid for guid, sid in m.session.execute(select(Segment.guid, Segment.id))}
    index = CodingIndex(m.session)
    placed: dict[int, tuple[Key, Span]] = {}
    left: Counter[str] = Counter()
    query = select(Code.id, Code.name).where(Code.codable.is_(False))
    categories: dict[int, str] = {code_id: name for code_id, name in m.session.execute(query)}
    for row in m.data.segments:
        category = categories.get(m.codes.get(row["code_id"], -1))
        if category is not None:  # the team made it a category since: it codes no text
            left[f"coded with “{category}”, now a category (it groups codes)"] += 1
            continue
        where = bring_segment(m, row, team_guids, index, left)
        if where is not None:
            placed[row["id"]] = where
    touched = {key for key, spans in index.spans.items() if any(sid == 0 for *_s, sid in spans)}
    for key in sorted(touched):
        fold_overlaps(m.session, *key)
    index = CodingIndex(m.session)
    for copy_id, (key, span) in placed.items():
        found = index.covering(key, span)
        assert found is not None, "a merged segment is not covered after folding"
        m.segments[copy_id] = found
    m.report.left_out += [f"{plural(n, 'segment')}: {why}" for why, n in left.items()]


def bring_segment(
    m: Merge, row: Row, team_guids: dict[str, int], index: CodingIndex, left: Counter[str]
) -> tuple[Key, Span] | None:
    """Add one copy segment unless the team has it; where it is in the team's text."""
    guid = row["guid"]
    if guid not in team_guids and m.history.removed("segment", guid):
        left[REMOVED] += 1
        return None
    if row["code_id"] in m.dropped_codes:
        left[f"coded with a code that is not brought in ({m.dropped_codes[row['code_id']]})"] += 1
        return None
    key = (m.documents[row["document_id"]], m.codes[row["code_id"]], m.coders[row["coder_id"]])
    span: Span | None = (row["start"], row["end"])
    if row["document_id"] in m.edited:
        if guid in team_guids:  # brought over by an earlier merge
            m.report.present["segment"] += 1
            return team_span(m.session, team_guids[guid])
        span = place_on_team_text(m, row, key)
        if span is None:
            return None
    assert span is not None
    if index.covering(key, span) is not None:
        m.report.present["segment"] += 1
        return key, span
    document, code, coder = key
    m.session.add(
        Segment(
            guid=new_guid() if guid in team_guids else guid,
            document_id=document,
            code_id=code,
            coder_id=coder,
            start=span[0],
            end=span[1],
            created_at=row["created_at"],
        )
    )
    index.add(key, span)
    m.report.came_in["segment"] += 1
    return key, span


def place_on_team_text(m: Merge, row: Row, key: Key) -> Span | None:
    """Place a segment of an edited transcript on the team's text, or list it as not placed."""
    edited = m.edited[row["document_id"]]
    team_doc = m.session.get(Document, key[0])
    assert team_doc is not None
    copy_text = m.copy_documents[row["document_id"]]["text"]
    found = place(copy_text, team_doc.text, row["start"], row["end"], m.options.place_threshold)
    if found.span is not None:
        edited.placed += 1
        edited.near += found.how == "near"
        return found.span
    edited.unplaced += 1
    m.report.unplaced.append(
        Unplaced(
            document=team_doc.name,
            code=list(m.code_paths[row["code_id"]]),
            coder=m.coder_names[row["coder_id"]],
            start=row["start"],
            end=row["end"],
            text=copy_text[row["start"] : row["end"]],
            reason=found.reason,
        )
    )
    return None


def team_span(session: Session, segment_id: int) -> tuple[Key, Span]:
    segment = session.get(Segment, segment_id)
    assert segment is not None
    key = (segment.document_id, segment.code_id, segment.coder_id)
    return key, (segment.start, segment.end)


def bring_cases(m: Merge) -> None:
    """Cases by guid, then by name; the others come in (unless the team deleted them)."""
    for row in m.data.cases:
        case = by_guid(m.session, Case, row["guid"])
        if case is None and m.history.removed("case", row["guid"]):
            m.report.left_out.append(f"case '{row['name']}': {REMOVED}")
            continue
        if case is None:
            case = m.session.scalars(select(Case).where(Case.name == row["name"])).first()
        if case is None:
            case = Case(
                **pick(row, "guid", "name", "description", "created_at"),
                participant_id=m.participants.get(row["participant_id"]),
            )
            m.session.add(case)
            m.session.flush()
            m.report.came_in["case"] += 1
        else:
            m.report.matched["case"] += 1
            if row["description"] and not case.description:
                case.description = row["description"]
                m.report.notes.append(f"case '{case.name}': description taken from the copy")
        m.cases[row["id"]] = case.id


def bring_case_links(m: Merge) -> None:
    """Link the copy's segments to their cases, after what each case already holds."""
    missing: Counter[int] = Counter()
    for row in sorted(m.data.case_links, key=lambda r: (r["case_id"], r["position"])):
        case_id = m.cases.get(row["case_id"])
        if case_id is None:  # the case itself was left out, and reported
            continue
        segment_id = m.segments.get(row["segment_id"])
        if segment_id is None:
            missing[case_id] += 1
            continue
        if m.session.get(CaseSegment, (case_id, segment_id)) is not None:
            m.report.present["case link"] += 1
            continue
        last = m.session.scalar(
            select(func.max(CaseSegment.position)).where(CaseSegment.case_id == case_id)
        )
        m.session.add(CaseSegment(case_id=case_id, segment_id=segment_id, position=(last or 0) + 1))
        m.session.flush()
        m.report.came_in["case link"] += 1
    for case_id, count in missing.items():
        case = m.session.get(Case, case_id)
        assert case is not None
        m.report.left_out.append(
            f"case '{case.name}': {count} of its segments in the copy are not brought in"
        )


def bring_memos(m: Merge) -> None:
    """Memos by guid; new ones come in on what they are about, if that came in too."""
    for row in m.data.memos:
        label = memo_label(row)
        memo = by_guid(m.session, Memo, row["guid"])
        if memo is not None:
            m.report.present["memo"] += 1
            if (memo.title, memo.text) != (row["title"], row["text"]):
                m.report.kept_team.append(f"memo {label} differs in the copy")
            continue
        if m.history.removed("memo", row["guid"]):
            m.report.left_out.append(f"memo {label}: {REMOVED}")
            continue
        target = memo_target(m, row)
        if target is None:
            m.report.left_out.append(f"memo {label}: what it is about was not brought in")
            continue
        m.session.add(
            Memo(
                **pick(row, "guid", "title", "text", "created_at", "updated_at"),
                **target,
                coder_id=m.coders.get(row["coder_id"]),
            )
        )
        m.report.came_in["memo"] += 1
    m.session.flush()


def memo_target(m: Merge, row: Row) -> dict[str, int] | None:
    """The team ids of what a memo is about ({} for a free-standing memo), or None if lost."""
    for column in MEMO_TARGETS:
        if row[column] is not None:
            team_id = m.map_for(column).get(row[column])
            return None if team_id is None else {column: team_id}
    return {}


def memo_label(row: Row) -> str:
    words = " ".join((row["title"] or row["text"]).split())
    return f"'{words[:40]}…'" if len(words) > 40 else f"'{words}'"


def count_not_merged(m: Merge) -> None:
    """Say which of the copy's CMO statements, vignettes and decisions stay behind."""
    for kind, model in NOT_MERGED.items():
        guids = m.data.other_guids.get(kind, set())
        team = set(m.session.scalars(select(model.guid)))
        count = len(guids - team)
        if count:
            m.report.left_out.append(
                f"{plural(count, kind)} of the copy: a merge does not bring these; "
                "add them by hand if they are needed"
            )
