"""Finding listed names in a text: variants, whole words, overlaps and the replacement."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qcode.analysis.names import Mention, find_mentions

TEXT = (
    "Dr Rees came at nine. Later rees said that Dr. Rees's clinic at St Mary's Hospital\n"
    "was busy; Mrs Rees' son works at St Marys Hospital. Reese phoned. Trees and Reeses."
)


def found(text: str, names: list[str], **kwargs: float) -> list[tuple[str, str, str]]:
    return [(m.found, m.name, m.how) for m in find_mentions(text, names, **kwargs)]


def test_every_variant_of_a_name_is_found_once_and_in_order() -> None:
    assert found(TEXT, ["Rees", "St Mary's Hospital"]) == [
        ("Dr Rees", "Rees", "title"),
        ("rees", "Rees", "case"),
        ("Dr. Rees's", "Rees", "title"),
        ("St Mary's Hospital", "St Mary's Hospital", "exact"),
        ("Mrs Rees'", "Rees", "title"),
        ("St Marys Hospital", "St Mary's Hospital", "fuzzy"),
        ("Reese", "Rees", "fuzzy"),
    ]


def test_offsets_cover_the_text_as_written() -> None:
    for mention in find_mentions(TEXT, ["Rees", "St Mary's Hospital"]):
        assert TEXT[mention.start : mention.end] == mention.found


def test_whole_words_only() -> None:
    assert found("Reeses and Trees and Rees", ["Rees"]) == [("Rees", "Rees", "exact")]
    assert found("Trees grow", ["Rees"]) == []


def test_possessives_and_curly_apostrophes() -> None:
    assert found("Rees\u2019s desk, Jones' desk, Smith' note", ["Rees", "Jones", "Smith"]) == [
        ("Rees\u2019s", "Rees", "possessive"),
        ("Jones'", "Jones", "possessive"),
        ("Smith", "Smith", "exact"),
    ]
    assert found("st mary\u2019s hospital", ["St Mary's Hospital"]) == [
        ("st mary\u2019s hospital", "St Mary's Hospital", "case")
    ]


def test_a_listed_title_is_optional_in_the_text() -> None:
    assert found("Rees, then Dr Rees, then Prof. Rees", ["Dr Rees"]) == [
        ("Rees", "Dr Rees", "title"),
        ("Dr Rees", "Dr Rees", "exact"),
        ("Prof. Rees", "Dr Rees", "title"),
    ]


def test_misspellings_need_four_letters_a_capital_and_the_threshold() -> None:
    assert found("Reees and reees", ["Rees"]) == [("Reees", "Rees", "fuzzy")]
    assert found("Ana met Anna", ["Ann"]) == []
    assert found("Reese", ["Rees"], threshold=95.0) == []
    assert found("Lloyd-Jones", ["Lloyd Jones"]) == [("Lloyd-Jones", "Lloyd Jones", "fuzzy")]


def test_a_misspelt_name_keeps_its_title() -> None:
    (mention,) = find_mentions("ask Prof Reees", ["Rees"])
    assert (mention.found, mention.title, mention.how) == ("Prof Reees", "Prof ", "fuzzy")


def test_fuzzy_words_do_not_run_across_lines_or_punctuation() -> None:
    assert found("St Mary\nHospital, St Mary. Hospital", ["St Mary Hospital"]) == []


def test_the_longest_mention_wins_and_none_overlap() -> None:
    text = "Mary Rees and Rees"
    assert found(text, ["Rees", "Mary Rees"]) == [
        ("Mary Rees", "Mary Rees", "exact"),
        ("Rees", "Rees", "exact"),
    ]


def test_exact_forms_come_before_misspellings() -> None:
    assert found("Mary Rees", ["Rees", "Mary Reese"]) == [("Rees", "Rees", "exact")]


def test_blank_and_repeated_names_are_ignored() -> None:
    assert found("Rees", ["", "  ", "Rees", "Rees"]) == [("Rees", "Rees", "exact")]


@pytest.mark.parametrize(
    ("written", "pseudonym", "expected"),
    [
        ("Dr. Rees's", "Evans", "Dr. Evans's"),
        ("Mrs Rees'", "Jones", "Mrs Jones'"),
        ("Mrs Rees'", "Evan", "Mrs Evan's"),
        ("Rees", "Dr Evans", "Dr Evans"),
        ("Dr Rees", "Prof Evans", "Dr Evans"),
        ("rees", "Evans", "Evans"),
    ],
)
def test_the_replacement_keeps_title_and_possessive(
    written: str, pseudonym: str, expected: str
) -> None:
    (mention,) = find_mentions(written, ["Rees"])
    assert mention.replacement(pseudonym) == expected


def test_mentions_are_values() -> None:
    mention = Mention(0, 4, "Rees", "Rees", "exact")
    assert mention == Mention(0, 4, "Rees", "Rees", "exact")
    with pytest.raises(AttributeError):
        mention.start = 1  # type: ignore[misc]


names_ = st.text(alphabet="abAB", min_size=1, max_size=4).flatmap(
    lambda first: st.one_of(
        st.just(first), st.text(alphabet="abAB", min_size=1, max_size=3).map(f"{first} ".__add__)
    )
)
texts = st.lists(
    st.one_of(names_, st.sampled_from([" ", ".", "'s", "'", "\n", "-", "Dr ", "x", "ab"])),
    max_size=25,
).map("".join)


@given(text=texts, names=st.lists(names_, min_size=1, max_size=3))
def test_every_exact_occurrence_at_word_boundaries_is_found(text: str, names: list[str]) -> None:
    mentions = find_mentions(text, names)
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:], strict=False))
    assert all(text[m.start : m.end] == m.found for m in mentions)
    for name in names:
        for match in re.finditer(rf"(?<!\w)(?=({re.escape(name)})(?!\w))", text):
            start, end = match.start(1), match.end(1)
            assert any(
                m.start <= start
                and end <= m.end
                or (m.start < end and start < m.end and m.end - m.start >= end - start)
                for m in mentions
            ), (name, start, end)


@pytest.mark.parametrize(("text", "name", "at"), [("A AA'sA", "AA", 2), ("'s'A", "A", 3)])
def test_a_name_is_found_where_its_word_goes_on_past_an_apostrophe(
    text: str, name: str, at: int
) -> None:
    """Found by the property above: "AA'sA" is one word to the scanner, yet "AA" ends at the
    apostrophe, so the quick word filter must not rule the name out."""
    (mention,) = find_mentions(text, [name])
    assert (mention.start, mention.end, mention.how) == (at, at + len(name), "exact")
