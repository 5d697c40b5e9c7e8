"""Hypothesis strategies shared by the analysis tests."""

from __future__ import annotations

from hypothesis import strategies as st

from qcode.analysis.matrix import SegmentFact


@st.composite
def fact_lists(draw: st.DrawFn) -> list[SegmentFact]:
    count = draw(st.integers(0, 15))
    facts = []
    for segment_id in range(1, count + 1):
        start = draw(st.integers(0, 30))
        facts.append(
            SegmentFact(
                segment_id=segment_id,
                document_id=draw(st.integers(1, 3)),
                code_id=draw(st.integers(1, 3)),
                participant=draw(st.sampled_from([None, "A", "B"])),
                column_key=draw(st.sampled_from([None, "x", "y"])),
                start=start,
                end=start + draw(st.integers(0, 12)),
            )
        )
    return facts
