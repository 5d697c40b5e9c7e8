"""UTF-16 offset mapping and stripe lane packing, checked against brute force."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from qcode.analysis.lanes import pack_lanes
from qcode.analysis.utf16 import Utf16Map

chars = st.sampled_from(["a", "é", "\n", "😀", "𝄞", "中"])


def test_bmp_text_maps_to_itself() -> None:
    mapping = Utf16Map("Plain café text")
    assert [mapping.to_utf16(i) for i in range(5)] == [0, 1, 2, 3, 4]
    assert mapping.to_offset(4) == 4


def test_emoji_takes_two_units() -> None:
    mapping = Utf16Map("a😀b")
    assert [mapping.to_utf16(i) for i in range(4)] == [0, 1, 3, 4]
    assert [mapping.to_offset(p) for p in range(5)] == [0, 1, 1, 2, 3]


@given(st.lists(chars, max_size=40))
def test_round_trip_matches_encoded_lengths(letters: list[str]) -> None:
    text = "".join(letters)
    mapping = Utf16Map(text)
    for offset in range(len(text) + 1):
        expected = len(text[:offset].encode("utf-16-le")) // 2
        assert mapping.to_utf16(offset) == expected
        assert mapping.to_offset(expected) == offset


def test_nested_and_chained_spans_share_lanes_when_they_can() -> None:
    placed = pack_lanes([(0, 10, "a"), (2, 5, "b"), (6, 9, "c"), (10, 20, "d")])
    lanes = {item: lane for lane, _s, _e, item in placed}
    assert lanes == {"a": 0, "b": 1, "c": 1, "d": 0}


spans = st.lists(st.tuples(st.integers(0, 50), st.integers(1, 20)), max_size=30)


@given(spans)
def test_lanes_never_overlap_and_match_the_deepest_point(raw: list[tuple[int, int]]) -> None:
    items = [(start, start + size, n) for n, (start, size) in enumerate(raw)]
    placed = pack_lanes(items)
    assert sorted(item for *_rest, item in placed) == list(range(len(items)))
    for lane, start, end, item in placed:
        for other_lane, other_start, other_end, other in placed:
            if other != item and other_lane == lane:
                assert end <= other_start or other_end <= start
    depth = max((sum(s <= x < e for s, e, _ in items) for x in range(80)), default=0)
    assert len({lane for lane, *_ in placed}) == depth
