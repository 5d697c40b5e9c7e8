"""Coded segments' keys in numpy, kept current: any listing filtered and sorted in milliseconds."""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterable
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from qcode.services.history import Change
from qcode.services.listing.columns import (
    ROWS_SQL,
    Names,
    as_columns,
    distinct,
    packed_argsort,
    read_names,
)
from qcode.services.listing.growing import appended, compacted, spliced
from qcode.services.listing.pages import SORT_COLUMNS, SegmentListing
from qcode.services.listing.texts import Texts, by_ids, cursor

RELOAD_AFTER = 20_000  # more changed segments than this: read the whole table again
RESORT_AFTER = 2_000  # more than this: sort the whole text order again instead of patching
RELIST_AT_MOST = 200  # more noted segments than this: list again rather than relist
NAMED_TABLES = frozenset({"codes", "coders", "documents", "participants"})


class SegmentIndex:
    """The segments table's keys in memory, for listing any selection in any order at once.

    A select answers exactly what ``listing_query`` asks of SQL. Names and ranks of
    documents, codes and coders are read at each select (a rename shows at once); texts
    once, ASCII-lowered UTF-8 as SQLite compares them. ``note_changed`` (cheap, any
    thread) says which segments a change touched; the next ``select`` (usually on a
    worker) re-reads them first. One lock guards the arrays; the notes have their own,
    so noting never waits for a select in progress.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.notes_lock = threading.Lock()
        self.noted: set[int] = set()
        self.noted_documents: set[int] = set()
        self.stale = True  # read everything at the next select
        self.names_stale = False  # documents, codes or coders changed: read their names again
        self.names: Names | None = None
        self.columns = as_columns(())
        self.texts: Texts | None = None
        self.firsts = self.ends = np.zeros(0, np.int64)  # words' bytes in ``texts.data``
        self.text_slots: np.ndarray | None = None  # every slot in text order

    def note_changed(self, segment_ids: Iterable[int]) -> None:
        """These segments may have changed, come or gone."""
        ids = {int(i) for i in segment_ids}
        with self.notes_lock:
            self.noted |= ids

    def note_documents(self, document_ids: Iterable[int]) -> None:
        """These documents' rows changed: their texts are re-read if they are held."""
        ids = {int(i) for i in document_ids}
        with self.notes_lock:
            self.noted_documents |= ids

    def noted_ids(self) -> set[int]:
        """The segments noted since the last select."""
        with self.notes_lock:
            return set(self.noted)

    def note_everything(self) -> None:
        """Anything may have changed: read everything again at the next select."""
        with self.notes_lock:
            self.stale = True

    def note_names(self) -> None:
        """Documents', codes' or coders' names or order may have changed."""
        with self.notes_lock:
            self.names_stale = True

    def note_change(self, change: Change | None) -> None:
        """Note what a change touched (None: anything may have changed)."""
        if change is None:
            self.note_everything()
            return
        self.note_changed(change.touched("segments"))
        if change.tables & NAMED_TABLES:
            self.note_names()
        documents = (
            i for row in change.rows if row.table == "documents" for i in row.values_of("id")
        )
        self.note_documents(i for i in documents if isinstance(i, int))

    def select(self, session: Session, listing: SegmentListing) -> np.ndarray:
        """The listing's segment ids in display order, exactly as ``listing_query`` has them."""
        return self.select_with_total(session, listing)[0]

    def select_with_total(
        self, session: Session, listing: SegmentListing
    ) -> tuple[np.ndarray, int]:
        """The listing's ids in order, and how many it holds before the word and coder filters."""
        with self.lock:
            self.catch_up(session)
            names = self.names_now(session)
            slots = np.arange(len(self.columns["id"]))
            slots = slots[self.chosen(listing, names, slots)]
            return self.in_order(session, listing, names, slots), len(slots)

    def relist(
        self, session: Session, listing: SegmentListing, shown: np.ndarray, total: int
    ) -> tuple[np.ndarray, int] | None:
        """The listing after the noted changes, from its ids and total before them: the
        noted segments taken out and put back where they belong now, in one pass over the
        listing rather than the table. None when that would not be quicker (the notes are
        many, or touch documents or names): list again with ``select_with_total``.
        """
        with self.lock:
            with self.notes_lock:
                if self.stale or self.names_stale or self.names is None or self.noted_documents:
                    return None
                if len(self.noted) > RELIST_AT_MOST:
                    return None
                touched = np.fromiter(sorted(self.noted), np.int64, len(self.noted))
            before = self.slots_of(touched)
            total -= int(self.chosen(listing, self.names, before).sum())
            self.catch_up(session)
            names = self.names_now(session)
            now = self.slots_of(touched)
            now = now[self.chosen(listing, names, now)]
            kept = shown[~np.isin(shown, touched)]
            come = self.filtered(session, listing, names, now)
            return self.placed(session, listing, names, kept, come), total + len(now)

    def placed(
        self, session: Session, listing: SegmentListing, names: Names, kept: Any, slots: Any
    ) -> np.ndarray:
        """The ``kept`` ids (in the listing's order) with these slots' ids put where the
        order wants them: a binary search each, never a sort of the whole listing."""
        key, held = self.sort_key(session, listing.sort, names), self.columns["id"]
        ascending = kept[::-1] if listing.descending else kept
        come = sorted((int(slot) for slot in slots), key=key, reverse=listing.descending)

        def key_of(segment_id: int) -> tuple[Any, ...]:  # (an id not held: its neighbour's)
            return key(min(int(np.searchsorted(held, segment_id)), len(held) - 1))

        places = [bisect.bisect_left(ascending, key(slot), key=key_of) for slot in come]
        if listing.descending:
            places = [len(kept) - place for place in places]
        return np.insert(np.asarray(kept, np.int64), places, held[come].astype(np.int64))

    def sort_key(self, session: Session, sort: int, names: Names) -> Any:
        """A slot's place in the ascending order of ``ordered`` as a comparable tuple."""
        column, columns = SORT_COLUMNS[sort], self.columns
        if column == "text":
            self.text_data(session)
            return self.words_at
        if column == "citation":
            rank, documents, starts = (
                names.rank["document_id"],
                columns["document_id"],
                columns["start"],
            )
            return lambda slot: (int(rank[documents[slot]]), int(starts[slot]), slot)
        rank, values = names.rank[f"{column}_id"], columns[f"{column}_id"]
        return lambda slot: (int(rank[values[slot]]), slot)

    def slots_of(self, ids: np.ndarray) -> np.ndarray:
        """The slots of those of these segment ids the index holds, ascending."""
        held = self.columns["id"]
        if not len(held) or not len(ids):
            return np.zeros(0, np.int64)
        at = np.minimum(np.searchsorted(held, ids), len(held) - 1)
        return distinct(at[held[at] == ids])

    def names_now(self, session: Session) -> Names:
        """The names and ranks of documents, codes and coders (read again after changes)."""
        if self.names is None:
            self.names = read_names(session, self.columns)
        return self.names

    def in_order(
        self, session: Session, listing: SegmentListing, names: Names, slots: np.ndarray
    ) -> np.ndarray:
        """The ids of these slots (ascending), filtered by coder and words, in the listing's
        order."""
        slots = self.filtered(session, listing, names, slots)
        ordered = self.columns["id"][self.ordered(session, slots, listing.sort, names)]
        return ordered[::-1].copy() if listing.descending else ordered

    def filtered(
        self, session: Session, listing: SegmentListing, names: Names, slots: np.ndarray
    ) -> np.ndarray:
        """Those of these slots that pass the listing's coder and word filters."""
        if listing.coder is not None:
            coders = [i for i, name in names.names["coder_id"].items() if name == listing.coder]
            slots = slots[np.isin(self.columns["coder_id"][slots], np.asarray(coders, np.int64))]
        needle = listing.words.strip().lower()
        if needle and len(slots):
            slots = slots[self.has_words(session, slots, needle, names)]
        return slots

    def chosen(self, listing: SegmentListing, names: Names, slots: np.ndarray) -> np.ndarray:
        """Which of these slots the listing holds, before the word and coder filters."""
        columns = self.columns
        chosen = np.ones(len(slots), bool)
        for column, rank in names.rank.items():  # the joins: rows with no document… drop out
            chosen &= rank[columns[column][slots]] >= 0
        if listing.code_ids is not None:
            wanted = np.asarray(listing.code_ids, np.int64)
            chosen &= np.isin(columns["code_id"][slots], wanted)
        if listing.pinned is not None:
            chosen &= np.isin(columns["id"][slots], np.asarray(listing.pinned, np.int64))
        return chosen

    def has_words(
        self, session: Session, slots: np.ndarray, needle: str, names: Names
    ) -> np.ndarray:
        """Which of these slots hold the needle in their words or their names."""
        hit = np.zeros(len(slots), bool)
        encoded = needle.encode("utf-8", "surrogatepass")
        for column in names.rank:
            hit |= names.hits(column, encoded)[self.columns[column][slots]]
        places = self.text_data(session).find(encoded)
        rest = np.flatnonzero(~hit)
        if len(places) and len(rest):
            firsts, ends = self.firsts[slots[rest]], self.ends[slots[rest]]
            at = np.minimum(np.searchsorted(places, firsts), len(places) - 1)
            hit[rest] = (places[at] >= firsts) & (places[at] + len(encoded) <= ends)
        return hit

    def ordered(self, session: Session, slots: np.ndarray, sort: int, names: Names) -> np.ndarray:
        """These slots in ascending display order (ties by id)."""
        column, columns = SORT_COLUMNS[sort], self.columns
        if column == "text":
            every = self.text_order(session)
            wanted = np.zeros(len(columns["id"]), bool)
            wanted[slots] = True
            return every[wanted[every]]
        if column == "citation":
            keys = [
                names.rank["document_id"][columns["document_id"][slots]],
                columns["start"][slots],
            ]
        else:
            key = f"{column}_id"
            keys = [names.rank[key][columns[key][slots]]]
        return slots[packed_argsort(keys)]

    def catch_up(self, session: Session) -> None:
        """Apply what was noted: re-read noted rows and texts, or everything."""
        with self.notes_lock:
            noted, documents, stale = self.noted, self.noted_documents, self.stale
            self.noted, self.noted_documents, self.stale = set(), set(), False
            if stale or self.names_stale:
                self.names, self.names_stale = None, False
        try:
            if stale or len(noted) > RELOAD_AFTER:
                self.load(session)
                return
            if documents and self.texts is not None:
                self.refresh_documents(session, documents)
            if noted:
                self.patch(session, noted)
        except BaseException:
            self.note_everything()
            raise

    def load(self, session: Session) -> None:
        """Read the whole segments table (in about 0.3 s for 300,000 rows); texts later."""
        self.columns = as_columns(cursor(session, f"{ROWS_SQL} ORDER BY id"))
        self.names = None
        self.texts = self.text_slots = None

    def patch(self, session: Session, noted: set[int]) -> None:
        """Re-read the noted rows as they are now (a gone one stays out)."""
        now = as_columns(by_ids(session, ROWS_SQL, noted))
        if self.names is not None and not self.names.cover(now):
            self.names = None  # a document, code or coder nobody noted (another process)
        if self.texts is not None:
            unknown = set(now["document_id"].tolist()) - set(self.texts.where)
            if unknown:  # a document nobody noted (imported meanwhile): read it now
                self.texts.refresh(session, unknown)
        if not self.patch_in_place(noted, now):
            self.patch_anywhere(noted, now)

    def patch_in_place(self, noted: set[int], now: dict[str, np.ndarray]) -> bool:
        """Rows changed where they are, gone ones (a fold) taken out and new ones after
        every id held (a coding): the columns are written in their buffers and grow at
        their end. False (nothing done) when a new row falls between held ids."""
        held = self.columns["id"]
        new = now["id"] > (held[-1] if len(held) else -1)
        slots = self.slots_of(now["id"][~new])
        gone = self.slots_of(np.fromiter(noted - set(now["id"].tolist()), np.int64))
        if len(slots) != int((~new).sum()):
            return False
        for name, column in self.columns.items():
            column[slots] = now[name][~new]
        self.columns = {
            name: appended(compacted(c, gone), now[name][new]) for name, c in self.columns.items()
        }
        if self.texts is not None:
            firsts, ends = self.texts.spans(now["document_id"], now["start"], now["end"])
            self.firsts[slots], self.ends[slots] = firsts[~new], ends[~new]
            self.firsts = appended(compacted(self.firsts, gone), firsts[new])
            self.ends = appended(compacted(self.ends, gone), ends[new])
            moved = np.arange(len(held))
            if len(gone):  # each slot after a gone one moves down by the gone before it
                moved -= np.searchsorted(gone, moved)
                moved[gone] = -1
            changed = moved[slots]
            moved[slots] = -1  # their words changed: put back in the text order as new
            added = len(held) - len(gone) + np.arange(int(new.sum()))
            self.reorder_text(moved, np.concatenate([changed, added]))
        return True

    def patch_anywhere(self, noted: set[int], now: dict[str, np.ndarray]) -> None:
        """Drop the noted rows and insert them again where their ids belong."""
        order = np.argsort(now["id"], kind="stable")
        now = {name: values[order] for name, values in now.items()}
        gone = self.slots_of(np.fromiter(noted, np.int64, len(noted)))
        places = np.searchsorted(self.columns["id"], now["id"])  # among every held row
        at = places - np.searchsorted(gone, places)  # among the kept ones
        self.columns = {
            name: spliced(column, gone, at, now[name]) for name, column in self.columns.items()
        }
        if self.texts is not None:
            firsts, ends = self.texts.spans(now["document_id"], now["start"], now["end"])
            self.firsts = spliced(self.firsts, gone, at, firsts)
            self.ends = spliced(self.ends, gone, at, ends)
            if self.text_slots is None:
                return
            keep = np.ones(len(self.text_slots), bool)
            keep[gone] = False
            kept = np.cumsum(keep) - 1  # each old slot's place among the kept ones, and after:
            moved = np.where(keep, kept + np.searchsorted(at, kept, side="right"), -1)
            self.reorder_text(moved, at + np.arange(len(at)))

    def refresh_documents(self, session: Session, documents: set[int]) -> None:
        """Re-read noted documents' texts: their segments' words move, or all texts go."""
        assert self.texts is not None
        moved = self.texts.refresh(session, documents)
        if self.texts.garbage > len(self.texts.data) // 2:
            self.texts = self.text_slots = None
        elif moved:
            columns = self.columns
            rows = np.flatnonzero(np.isin(columns["document_id"], np.asarray(list(moved))))
            self.firsts[rows], self.ends[rows] = self.texts.spans(
                columns["document_id"][rows], columns["start"][rows], columns["end"][rows]
            )
            stay = np.arange(len(columns["id"]))
            stay[rows] = -1
            self.reorder_text(stay, rows)

    def text_data(self, session: Session) -> Texts:
        """Every document's text (read at first use), and where each segment's words lie."""
        if self.texts is None:
            self.texts = Texts()
            self.texts.append(cursor(session, "SELECT id, text FROM documents"))
            columns = self.columns
            self.firsts, self.ends = self.texts.spans(
                columns["document_id"], columns["start"], columns["end"]
            )
            self.text_slots = None
        return self.texts

    def words_at(self, slot: int) -> tuple[bytes, int]:
        """A slot's words as the text order compares them, ties by slot (by id)."""
        assert self.texts is not None
        return self.texts.words(int(self.firsts[slot]), int(self.ends[slot])), int(slot)

    def text_order(self, session: Session) -> np.ndarray:
        """Every slot in the order of its words' lowered bytes, ties by id."""
        texts = self.text_data(session)
        if self.text_slots is None:
            self.text_slots = texts.order(self.firsts, self.ends)
        return self.text_slots

    def reorder_text(self, moved: np.ndarray, slots: np.ndarray) -> None:
        """Move the text order's slots (``moved``: old slot → new, -1 gone), put these in."""
        if self.text_slots is None:
            return
        order = moved[self.text_slots]
        order = order[order >= 0]
        if len(self.text_slots) - len(order) + len(slots) > RESORT_AFTER:
            self.text_slots = None
            return
        items = sorted(self.words_at(slot) for slot in slots)
        places = [bisect.bisect_left(order, item, key=self.words_at) for item in items]
        self.text_slots = np.insert(order, places, np.array([s for _, s in items], np.int64))
