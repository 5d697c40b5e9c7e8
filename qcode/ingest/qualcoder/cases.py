"""QualCoder's cases as participants: their attributes, memos and linked text.

A case linked to a whole file (QualCoder links a file as positions 0 to its end) makes
that file the participant's document. A case linked to part of a file gets a topic case
of the same name, whose selections are segments of the code "QualCoder case links" over
those parts, so the parts stay findable and cited.
"""

from __future__ import annotations

from sqlite3 import Row

from qcode.ingest.qualcoder.attributes import read_attributes
from qcode.ingest.qualcoder.reading import (
    CASE_LINKS_CODE,
    Reading,
    counted,
    plural,
    text_of,
    when,
)
from qcode.ingest.refi.model import RefiParticipant, RefiSegment, RefiTopicCase


def read_cases(state: Reading) -> None:
    """Participants from ``cases``, then their links from ``case_text``."""
    values = read_attributes(state, "case")
    people: dict[int, RefiParticipant] = {}
    for row in state.rows("SELECT * FROM cases ORDER BY caseid"):
        label = " ".join(text_of(row["name"]).split()) or f"case {row['caseid']}"
        person = RefiParticipant(
            state.fresh("case", label, row=row["caseid"]), label, values.get(row["caseid"], [])
        )
        people[row["caseid"]] = person
        state.data.participants.append(person)
        title = f"Memo on case {label}"
        on = ("participant", person.guid)
        state.memo(("case memo", person.guid), title, row, text_of(row["memo"]), on)
    topics: Topics = {}
    for row in state.rows("SELECT * FROM case_text ORDER BY id"):
        person = people.get(row["caseid"])
        if person is not None:
            link(state, row, person, topics)
    report_links(state, len(topics))


Topics = dict[int, RefiTopicCase]  # case id → the topic case of its partial links


def link(state: Reading, row: Row, person: RefiParticipant, topics: Topics) -> None:
    """One case link: the whole file as the participant's, or a part as a topic case."""
    source = state.sources.get(row["fid"])
    if source is None:
        state.tally["case link elsewhere"] += 1
        return
    title = f"Memo on the link of {person.label} to {source.document.name}"
    on = ("participant", person.guid)
    ident = ("case link memo", person.guid, source.document.guid, row["pos0"], row["pos1"])
    state.memo(ident, title, row, text_of(row["memo"]), on)
    if source.index.covers(row["pos0"], row["pos1"]):
        if source.document.guid not in person.documents:
            person.documents.append(source.document.guid)
        return
    span = source.index.place(row["pos0"], row["pos1"])
    if span is None:
        state.tally["case link outside"] += 1
        return
    spot = (person.guid, source.document.guid, row["pos0"], row["pos1"])
    guid = state.fresh("case link", *spot, row=row["id"])
    selection = state.guid("selection", guid)
    state.data.segments.append(
        RefiSegment(
            guid=guid,
            selection=selection,
            document=source.document.guid,
            code=state.helper_code(CASE_LINKS_CODE).guid,
            coder=state.user(row["owner"]),
            start=span[0],
            end=span[1],
            created_at=when(row["date"]),
        )
    )
    if row["caseid"] not in topics:
        topics[row["caseid"]] = RefiTopicCase(
            state.guid("topic case", person.guid),
            person.label,
            description=f"The parts of files linked to case {person.label} in QualCoder.",
            participant=person.guid,
        )
        state.data.topic_cases.append(topics[row["caseid"]])
    topics[row["caseid"]].selections.append(selection)
    state.tally["case link part"] += 1


def report_links(state: Reading, topics: int) -> None:
    code, groups = f"of the code '{CASE_LINKS_CODE}'", plural(topics, "topic case")
    lines = {
        "case link part": (
            f"{{n}} case link to part of a file became a segment {code}, in a topic case "
            "named after its case",
            f"{{n}} case links to parts of files became segments {code}, in {groups} "
            "named after their cases",
        ),
        "case link elsewhere": (
            "{n} case link to a file without text (image, audio, video) was not carried",
            "{n} case links to files without text (images, audio, video) were not carried",
        ),
        "case link outside": (
            "{n} case link lies outside its file's text; not carried",
            "{n} case links lie outside their file's text; not carried",
        ),
    }
    for key, (one, many) in lines.items():
        if state.tally[key]:
            state.report(counted(state.tally[key], one, many))
