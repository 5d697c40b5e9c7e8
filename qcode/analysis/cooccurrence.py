"""Pairs of codes whose segments overlap in the same document, found by a sweep."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from qcode.analysis.intervals import Span, total_length
from qcode.analysis.matrix import SegmentFact

CodePair = tuple[int, int]


@dataclass(frozen=True, slots=True)
class CoOccurrence:
    """How two codes overlap: overlapping segment pairs, characters in the union of
    the overlaps (per document), and documents where they overlap."""

    pairs: int
    characters: int
    documents: int


def cooccurrence(facts: Iterable[SegmentFact]) -> dict[CodePair, CoOccurrence]:
    """Code pairs (a < b) with at least one pair of segments sharing a character.

    Segments of the same code never pair; empty segments overlap nothing.
    """
    pairs: dict[CodePair, int] = defaultdict(int)
    regions: dict[CodePair, dict[int, list[Span]]] = defaultdict(lambda: defaultdict(list))
    for document_id, segments in _by_document(facts).items():
        for pair, region in _overlaps(segments):
            pairs[pair] += 1
            regions[pair][document_id].append(region)
    return {
        pair: CoOccurrence(
            pairs=pairs[pair],
            characters=sum(total_length(spans) for spans in regions[pair].values()),
            documents=len(regions[pair]),
        )
        for pair in sorted(pairs)
    }


def _by_document(facts: Iterable[SegmentFact]) -> dict[int, list[SegmentFact]]:
    documents: dict[int, list[SegmentFact]] = defaultdict(list)
    for fact in facts:
        if fact.end > fact.start:
            documents[fact.document_id].append(fact)
    return documents


def _overlaps(segments: list[SegmentFact]) -> Iterable[tuple[CodePair, Span]]:
    """Each overlapping pair of different-code segments of one document, with the
    shared region: sweep by start, keeping the segments still open in a heap by end."""
    active: list[tuple[int, int, SegmentFact]] = []
    ordered = sorted(segments, key=lambda fact: (fact.start, fact.end))
    for number, segment in enumerate(ordered):
        while active and active[0][0] <= segment.start:
            heapq.heappop(active)
        for end, _, other in active:
            if other.code_id != segment.code_id:
                pair = _pair(other.code_id, segment.code_id)
                yield pair, (segment.start, min(end, segment.end))
        heapq.heappush(active, (segment.end, number, segment))


def _pair(a: int, b: int) -> CodePair:
    return (a, b) if a < b else (b, a)
