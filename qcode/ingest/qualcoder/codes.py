"""QualCoder's codebook: categories (``code_cat``) as non-codable parents, codes (``code_name``).

A category sits under another by ``supercatid``; a code under a category by ``catid`` or,
from v16, under another code by ``supercid`` (which wins, as in QualCoder). A parent that
is missing or makes a loop is dropped: the item goes to the top level, and that is
reported. Codes keep the colours QualCoder gave them; categories have none. Memos on
categories and codes become memos on those codes.
"""

from __future__ import annotations

from sqlite3 import Row

from qcode.ingest.qualcoder.reading import Reading, counted, text_of
from qcode.ingest.refi.elements import parse_color
from qcode.ingest.refi.model import RefiCode

Key = tuple[str, int]  # ("cat", catid) or ("code", cid)


def read_codes(state: Reading) -> None:
    """Fill ``state.data.codes`` with the tree and ``state.codes`` with cid → code."""
    items: dict[Key, RefiCode] = {}
    parents: dict[Key, Key | None] = {}
    for row in state.rows("SELECT * FROM code_cat ORDER BY catid"):
        key = ("cat", row["catid"])
        guid = state.fresh("category", name_of(row), row=row["catid"])
        items[key] = RefiCode(guid, name_of(row), codable=False)
        parents[key] = ("cat", row["supercatid"]) if row["supercatid"] is not None else None
        code_memo(state, row, items[key], "category")
    subcodes = state.version >= 16
    for row in state.rows("SELECT * FROM code_name ORDER BY cid"):
        key = ("code", row["cid"])
        guid = state.fresh("code", name_of(row), row=row["cid"])
        code = RefiCode(guid, name_of(row), parse_color(row["color"]))
        items[key] = state.codes[row["cid"]] = code
        parent = row["supercid"] if subcodes else None
        if parent is not None:
            parents[key] = ("code", parent)
        else:
            parents[key] = ("cat", row["catid"]) if row["catid"] is not None else None
        code_memo(state, row, code, "code")
    build_tree(state, items, parents)


def name_of(row: Row) -> str:
    name = " ".join(text_of(row["name"]).split())
    return name or "(unnamed)"


def build_tree(state: Reading, items: dict[Key, RefiCode], parents: dict[Key, Key | None]) -> None:
    """Attach each item under its parent, children sorted by name as QualCoder shows them."""
    lost = 0
    for key in items:
        if parents[key] is not None and not reaches_top(key, parents, items):
            parents[key] = None
            lost += 1
    for key in sorted(items, key=lambda k: (items[k].name.casefold(), k)):
        parent = parents[key]
        (items[parent].children if parent is not None else state.data.codes).append(items[key])
    if lost:
        state.report(
            counted(
                lost,
                "{n} category or code had a parent that is missing or loops back to it; "
                "put at the top level of the codebook",
                "{n} categories or codes had a parent that is missing or loops back to them; "
                "put at the top level of the codebook",
            )
        )


def reaches_top(key: Key, parents: dict[Key, Key | None], items: dict[Key, RefiCode]) -> bool:
    """Whether following parents from ``key`` ends at the top without a loop or a gap."""
    seen = {key}
    parent = parents[key]
    while parent is not None:
        if parent not in items or parent in seen:
            return False
        seen.add(parent)
        parent = parents[parent]
    return True


def code_memo(state: Reading, row: Row, code: RefiCode, what: str) -> None:
    title = f"Memo on {what} {code.name}"
    state.memo((what, "memo", code.guid), title, row, text_of(row["memo"]), ("code", code.guid))
