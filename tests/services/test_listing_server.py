"""The Coded segments list's index on a team server: loaded, then kept current by the ids a
change names (another coder's change arrives that way), as on a file."""

from __future__ import annotations

from qcode.services.codebook.edit import add_code
from qcode.services.coding import code_span
from qcode.services.listing.index import SegmentIndex
from qcode.services.listing.pages import SegmentListing
from tests.helpers import add_text, create_store


def listed(project, index: SegmentIndex, listing: SegmentListing) -> tuple[list[int], int]:  # type: ignore[no-untyped-def]
    with project.session() as session:
        ids, total = index.select_with_total(session, listing)
    return [int(i) for i in ids], int(total)


def test_the_index_takes_in_new_and_changed_segments_by_id(store_location: str) -> None:
    with create_store(store_location) as project:
        add_text(project, "PA 1", "The mentor listened, and I changed my practice.\n", "PA", 1)
        add_text(project, "PB 1", "Nothing changed for me at work.\n", "PB", 1)
        add_code(project, "Theme")
        first = code_span(project, "PA 1", "Theme", "Ana", 4, 10).value
        index = SegmentIndex()
        words = SegmentListing(words="changed")
        assert listed(project, index, SegmentListing()) == ([first], 1)
        assert listed(project, index, words)[0] == []  # "mentor" has no "changed"
        second = code_span(project, "PB 1", "Theme", "Ben", 0, 15).value
        third = code_span(project, "PA 1", "Theme", "Ben", 27, 34).value
        index.note_changed([second, third])  # as another coder's notice names them
        ids, total = listed(project, index, SegmentListing())
        assert sorted(ids) == sorted([first, second, third]) and total == 3
        assert sorted(listed(project, index, words)[0]) == sorted([second, third])
