"""Positions per producer, exact texts, names and what is not carried, in archives built here.

Each archive reproduces a real export's habit: NVivo counts UTF-16 units and CR LF as two
and names its selections "" (so no quoted text helps); ATLAS.ti counts CR LF as one;
QualCoder writes its text as UTF-8 with a BOM (a text of its own may begin with U+FEFF)
and keeps document attributes as ``VariableValue`` on the source.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qcode.ingest.refi.model import RefiProject
from qcode.ingest.refi.offsets import producer_of
from qcode.ingest.refi.project import read_qdpx
from tests.services.refi.test_refi_support import zip_bytes

NS = 'xmlns="urn:QDA-XML:project:1.0"'
USER = "AD68FBE7-E1EE-4A82-A279-23CC698C89EB"
CODE = "85D17F60-7BB0-481E-B742-B4861DD669DF"
CODES = f'<CodeBook><Codes><Code guid="{CODE}" name="c" isCodable="true"/></Codes></CodeBook>'

# An NVivo for Windows source: CR LF line ends, emoji (two UTF-16 units each).
PA1 = (
    "Interviewer: How did the mentoring go for you? 😀\r\n"
    "PA: Honestly 👍 it was great, the mentor 🙂 really helped me.\r\n"
    "Interviewer: What about the waiting list? 🤔\r\n"
    "PA: Shorter 🎉 than before, and the rota 🗓️ works now.\r\n"
    "PA: I trusted her 💯 from the very first meeting.\r\n"
)
PA1_WORDS = ["mentor", "really helped", "waiting list", "Shorter", "rota", "trusted her", "first"]


def guid(n: int, kind: int = 0) -> str:
    return f"{kind:08X}-0000-4000-8000-{n:012X}"


def units(raw: str, index: int, utf16: bool = True, crlf_two: bool = True) -> int:
    """The position of ``raw[index]`` as a tool counting this way would write it."""
    before = raw[:index]
    count = len(before.encode("utf-16-le")) // 2 if utf16 else len(before)
    return count if crlf_two else count - before.count("\r\n")


def selections(raw: str, words: list[str], named: bool = False, **counting: bool) -> str:
    """One coded selection per word (its first occurrence), counted as ``counting`` says."""
    found = []
    for n, word in enumerate(words):
        at = raw.index(word)
        start, end = units(raw, at, **counting), units(raw, at + len(word), **counting)
        name = word if named else ""
        found.append(
            f'<PlainTextSelection guid="{guid(n, 1)}" name="{name}" startPosition="{start}" '
            f'endPosition="{end}"><Coding guid="{guid(n, 2)}" creatingUser="{USER}">'
            f'<CodeRef targetGUID="{CODE}"/></Coding></PlainTextSelection>'
        )
    return "".join(found)


def source(number: int, body: str, name: str | None = "PA 1", path: str | None = None) -> str:
    named = f' name="{name}"' if name is not None else ""
    where = path or f"internal://{guid(number, 9)}.txt"
    opening = f'<TextSource guid="{guid(number, 9)}"{named} plainTextPath="{where}">'
    return f"{opening}{body}</TextSource>"


def project(sources: str, origin: str, extra: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<Project {NS} name="t" origin="{origin}">'
        f'<Users><User guid="{USER}" name="Ann"/></Users>{CODES}{extra}'
        f"<Sources>{sources}</Sources></Project>"
    )


def read(tmp_path: Path, xml: str, texts: dict[int, bytes | str] | None = None) -> RefiProject:
    members: dict[str, bytes | str] = {"project.qde": xml}
    for number, text in (texts or {}).items():
        members[f"sources/{guid(number, 9)}.txt"] = text
    archive = tmp_path / "in.qdpx"
    archive.write_bytes(zip_bytes(members))
    return read_qdpx(archive)


def coded(data: RefiProject) -> list[str]:
    texts = {doc.guid: doc.text for doc in data.documents}
    return [texts[s.document][s.start : s.end] for s in data.segments]


def lines_about(data: RefiProject, what: str) -> list[str]:
    return [line for line in data.problems if what in line]


@pytest.mark.parametrize(
    ("origin", "name"),
    [
        ("NVivo for Windows 12.6", "NVivo"),
        ("NVivo 14", "NVivo"),
        ("ATLAS.ti 8.4.0 573 , macOS Version 10.14.3 (Build 18D109)", "ATLAS.ti"),
        ("MAXQDA 2020 (Release 20.2.1)", "MAXQDA"),
        ("QualCoder 3.6", "QualCoder"),
        ("Qualcoder-1.4", "QualCoder"),
        ("Tool 1.0", ""),
    ],
)
def test_producers_are_known_by_their_real_origin_strings(origin: str, name: str) -> None:
    assert producer_of(origin).name == name


def test_nvivo_source_with_emoji_and_crlf_lands_on_its_words(tmp_path: Path) -> None:
    xml = project(source(1, selections(PA1, PA1_WORDS)), "NVivo for Windows 12.6")
    data = read(tmp_path, xml, {1: PA1})
    assert data.documents[0].text == PA1.replace("\r\n", "\n")
    assert coded(data) == PA1_WORDS
    assert lines_about(data, "positions") == [
        "source 'PA 1': positions counted in UTF-16 units, CR LF as 2 characters "
        "(as NVivo counts); converted to qcode's characters"
    ]
    assert lines_about(data, "CR LF") == lines_about(data, "positions")  # kept: no note
    assert data.documents[0].line_breaks == "crlf"


def test_the_selections_decide_when_the_origin_names_no_known_tool(tmp_path: Path) -> None:
    """The issue's case: nameless selections gave no evidence, code points were assumed and
    most codings landed on the wrong words. Word boundaries tell the counting apart."""
    data = read(tmp_path, project(source(1, selections(PA1, PA1_WORDS)), "Tool 1.0"), {1: PA1})
    assert coded(data) == PA1_WORDS
    assert lines_about(data, "positions") == [
        "source 'PA 1': positions counted in UTF-16 units, CR LF as 2 characters; "
        "converted to qcode's characters"
    ]


def test_each_source_keeps_its_own_counting(tmp_path: Path) -> None:
    """An NVivo file whose second source was counted in code points (as the file's text)."""
    one = source(1, selections(PA1, PA1_WORDS))
    two = source(2, selections(PA1, PA1_WORDS, utf16=False), name="PA 2")
    data = read(tmp_path, project(one + two, "NVivo 14"), {1: PA1, 2: PA1})
    assert coded(data) == PA1_WORDS * 2
    assert [line.split(":")[0] for line in lines_about(data, "positions")] == ["source 'PA 1'"]


def test_a_single_unclear_selection_follows_the_producer_and_says_so(tmp_path: Path) -> None:
    raw = "PA: the rota 🗓 was a mess\r\nPA: the waiting list was long\r\n"
    xml = project(source(1, selections(raw, ["waiting list"])), "NVivo for Windows 12.6")
    data = read(tmp_path, xml, {1: raw})
    assert coded(data) == ["waiting list"]
    assert lines_about(data, "positions") == [
        "source 'PA 1': its selections do not show how positions were counted; assumed "
        "positions counted in UTF-16 units, CR LF as 2 characters (as NVivo counts)"
    ]


def test_atlas_counts_crlf_as_one_character(tmp_path: Path) -> None:
    raw = "".join(c for c in PA1 if ord(c) < 0x2000)  # no emoji: only line ends differ
    body = selections(raw, PA1_WORDS, utf16=False, crlf_two=False)
    data = read(tmp_path, project(source(1, body), "ATLAS.ti 9.1"), {1: raw})
    assert coded(data) == PA1_WORDS
    (line,) = lines_about(data, "positions")
    assert line.endswith(
        "CR LF as 1 character (as ATLAS.ti counts); converted to qcode's characters"
    )


QC = "\ufeffInterviewer: how was it?\nPB: the mentor 😀 was kind\n"
VARIABLES = {
    "Type": ("Text", "TextValue", "Focus group"),
    "Age": ("Integer", "IntegerValue", "41"),
    "Score": ("Float", "FloatValue", "2.5"),
    "Consent": ("Boolean", "BooleanValue", "true"),
    "Interviewed": ("Date", "DateValue", "2024-03-01"),
    "Wave": ("Integer", "IntegerValue", "2"),
}


def qualcoder_variables() -> tuple[str, str]:
    """The ``Variables`` declaration and a source's ``VariableValue`` elements."""
    declared = "".join(
        f'<Variable guid="{guid(n, 7)}" name="{name}" typeOfVariable="{kind}"/>'
        for n, (name, (kind, _tag, _value)) in enumerate(VARIABLES.items())
    )
    values = "".join(
        f'<VariableValue><VariableRef targetGUID="{guid(n, 7)}"/><{tag}>{value}</{tag}>'
        "</VariableValue>"
        for n, (_name, (_kind, tag, value)) in enumerate(VARIABLES.items())
    )
    values += f'<VariableValue><VariableRef targetGUID="{guid(99, 7)}"/><TextValue>x</TextValue>'
    return f"<Variables>{declared}</Variables>", values + "</VariableValue>"


def test_qualcoder_source_keeps_its_leading_feff_and_its_variables(tmp_path: Path) -> None:
    declared, values = qualcoder_variables()
    body = selections(QC, ["mentor", "was kind"], named=True, utf16=False) + values
    xml = project(source(1, body, name="PB"), "QualCoder 3.6", declared)
    data = read(tmp_path, xml, {1: QC.encode("utf-8-sig")})  # QualCoder writes a BOM
    (document,) = data.documents
    assert document.text == QC and coded(data) == ["mentor", "was kind"]
    assert [(v.name, v.type, v.value) for v in document.variables] == [
        ("Type", "text", "Focus group"),
        ("Age", "integer", "41"),
        ("Score", "float", "2.5"),
        ("Consent", "boolean", "true"),
        ("Interviewed", "date", "2024-03-01"),
    ]
    assert document.wave == 2
    assert data.problems == [
        "source 'PB': 1 variable value(s) empty or of an undeclared variable; not imported"
    ]


def test_a_tool_that_counted_a_leading_feff_keeps_it_in_the_text(tmp_path: Path) -> None:
    """Written without a BOM of its own, the text's U+FEFF looks like one; offsets count it."""
    words = ["mentor", "was kind", "how was it"]
    xml = project(source(1, selections(QC, words, utf16=False)), "Tool 1.0")
    data = read(tmp_path, xml, {1: QC.encode("utf-8")})
    assert data.documents[0].text == QC and coded(data) == words


def test_a_nameless_source_is_named_after_its_file(tmp_path: Path) -> None:
    path = "internal://Interviews/PA%201.txt"
    inline = f'<TextSource guid="{guid(2, 9)}"><PlainTextContent>Inline.</PlainTextContent>'
    xml = project(source(1, "", name=None, path=path) + inline + "</TextSource>", "Tool 1.0")
    archive = tmp_path / "in.qdpx"
    archive.write_bytes(zip_bytes({"project.qde": xml, "sources/Interviews/PA 1.txt": "Text."}))
    data = read_qdpx(archive)
    assert [d.name for d in data.documents] == ["PA 1", f"source {guid(2, 9)[:8].lower()}"]


def test_two_empty_sources_stay_two_documents(tmp_path: Path) -> None:
    empty = "<PlainTextContent></PlainTextContent>"
    xml = project(source(1, empty, name="Blank A") + source(2, empty, name="Blank B"), "Tool 1.0")
    data = read(tmp_path, xml)
    assert [(d.name, d.text) for d in data.documents] == [("Blank A", ""), ("Blank B", "")]
    assert len({d.guid for d in data.documents}) == 2


def test_media_sources_are_reported_once_per_kind(tmp_path: Path) -> None:
    picture = (
        f'<PictureSource guid="{guid(5, 9)}" name="{{}}" path="internal://{{}}">'
        f'<PictureSelection guid="{{}}" firstX="1" firstY="1" secondX="9" secondY="9">'
        f'<Coding guid="{{}}"><CodeRef targetGUID="{CODE}"/></Coding></PictureSelection>'
        "</PictureSource>"
    )
    media = picture.format("a.jpg", "a.jpg", guid(1, 3), guid(1, 4)) + picture.replace(
        guid(5, 9), guid(6, 9)
    ).format("b.png", "b.png", guid(2, 3), guid(2, 4))
    media += f'<AudioSource guid="{guid(7, 9)}" path="internal://talk.m4a"/>'
    data = read(tmp_path, project(media, "MAXQDA 24 (Release 24.7.0)"))
    assert data.problems == [
        "2 picture source(s) not imported (qcode holds text only), nor their 2 coded "
        "selections: 'a.jpg', 'b.png'",
        "1 audio source(s) not imported (qcode holds text only): 'talk'",
    ]


def test_a_source_without_selections_gets_no_line_about_counting(tmp_path: Path) -> None:
    data = read(tmp_path, project(source(1, ""), "NVivo 14"), {1: PA1})
    assert lines_about(data, "positions") == []
